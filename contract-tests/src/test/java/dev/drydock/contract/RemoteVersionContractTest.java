package dev.drydock.contract;

/** The Version contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteVersionContractTest extends VersionContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("VersionContract");
    }
}
