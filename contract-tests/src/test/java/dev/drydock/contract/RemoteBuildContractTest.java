package dev.drydock.contract;

/** The Build contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteBuildContractTest extends BuildContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("BuildContract");
    }
}
