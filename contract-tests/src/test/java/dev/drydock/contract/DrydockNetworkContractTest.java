package dev.drydock.contract;

/** The Network contract against an embedded Drydock. */
class DrydockNetworkContractTest extends NetworkContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
