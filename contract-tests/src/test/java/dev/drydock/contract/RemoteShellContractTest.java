package dev.drydock.contract;

/** The Shell contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteShellContractTest extends ShellContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("ShellContract");
    }
}
