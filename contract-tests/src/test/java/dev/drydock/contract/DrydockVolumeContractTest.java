package dev.drydock.contract;

/** The Volume contract against an embedded Drydock. */
class DrydockVolumeContractTest extends VolumeContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
