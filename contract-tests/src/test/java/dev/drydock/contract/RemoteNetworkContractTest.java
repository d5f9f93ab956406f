package dev.drydock.contract;

/** The Network contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteNetworkContractTest extends NetworkContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("NetworkContract");
    }
}
