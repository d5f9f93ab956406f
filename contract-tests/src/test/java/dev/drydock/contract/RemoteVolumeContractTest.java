package dev.drydock.contract;

/** The Volume contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteVolumeContractTest extends VolumeContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("VolumeContract");
    }
}
