package dev.drydock.contract;

/** The container stats and health contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteContainerStatsHealthContractTest extends ContainerStatsHealthContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("ContainerStatsHealthContract");
    }
}
