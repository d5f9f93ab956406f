package dev.drydock.contract;

/** The Events contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteEventsContractTest extends EventsContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("EventsContract");
    }
}
