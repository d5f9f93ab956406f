package dev.drydock.contract;

/** The Version contract against an embedded Drydock. */
class DrydockVersionContractTest extends VersionContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
