package dev.drydock.contract;

/** The Events contract against an embedded Drydock. */
class DrydockEventsContractTest extends EventsContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
