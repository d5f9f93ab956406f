package dev.drydock.contract;

/** The Auth contract against an embedded Drydock. */
class DrydockAuthContractTest extends AuthContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
