package dev.drydock.contract;

/** The Error contract against an embedded Drydock. */
class DrydockErrorContractTest extends ErrorContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
