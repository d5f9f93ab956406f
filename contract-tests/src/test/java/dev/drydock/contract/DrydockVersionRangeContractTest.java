package dev.drydock.contract;

/** The VersionRange contract against an embedded Drydock. */
class DrydockVersionRangeContractTest extends VersionRangeContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
