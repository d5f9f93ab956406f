package dev.drydock.contract;

/** The VersionRange contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteVersionRangeContractTest extends VersionRangeContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("VersionRangeContract");
    }
}
