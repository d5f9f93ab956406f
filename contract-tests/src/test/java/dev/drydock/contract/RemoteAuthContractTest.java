package dev.drydock.contract;

/** The Auth contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteAuthContractTest extends AuthContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("AuthContract");
    }
}
