package dev.drydock.contract;

/** The Exec contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteExecContractTest extends ExecContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("ExecContract");
    }
}
