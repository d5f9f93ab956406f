package dev.drydock.contract;

/** The Error contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteErrorContractTest extends ErrorContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("ErrorContract");
    }
}
