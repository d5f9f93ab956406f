package dev.drydock.contract;

/** The Ping contract against an embedded Drydock. */
class DrydockPingContractTest extends PingContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
