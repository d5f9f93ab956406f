package dev.drydock.contract;

/** The Build contract against an embedded Drydock. */
class DrydockBuildContractTest extends BuildContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
