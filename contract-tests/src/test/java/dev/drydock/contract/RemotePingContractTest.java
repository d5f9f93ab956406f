package dev.drydock.contract;

/** The Ping contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemotePingContractTest extends PingContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("PingContract");
    }
}
