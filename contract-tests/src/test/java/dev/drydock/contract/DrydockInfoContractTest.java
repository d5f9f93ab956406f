package dev.drydock.contract;

/** The Info contract against an embedded Drydock. */
class DrydockInfoContractTest extends InfoContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
