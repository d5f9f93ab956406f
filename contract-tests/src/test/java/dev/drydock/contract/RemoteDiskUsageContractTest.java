package dev.drydock.contract;

/** The DiskUsage contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. */
class RemoteDiskUsageContractTest extends DiskUsageContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("DiskUsageContract");
    }
}
