package dev.drydock.contract;

/** The container stats and health contract against an embedded Drydock. */
class DrydockContainerStatsHealthContractTest extends ContainerStatsHealthContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
