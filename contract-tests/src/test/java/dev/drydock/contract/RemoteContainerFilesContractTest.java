package dev.drydock.contract;

/** The container files contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteContainerFilesContractTest extends ContainerFilesContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("ContainerFilesContract");
    }
}
