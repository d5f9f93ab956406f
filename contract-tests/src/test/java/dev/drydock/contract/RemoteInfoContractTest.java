package dev.drydock.contract;

/** The Info contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteInfoContractTest extends InfoContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("InfoContract");
    }
}
