package dev.drydock.contract;

/** The container files contract against an embedded Drydock. */
class DrydockContainerFilesContractTest extends ContainerFilesContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
