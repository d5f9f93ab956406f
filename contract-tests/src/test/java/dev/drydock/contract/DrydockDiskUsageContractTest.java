package dev.drydock.contract;

/** The DiskUsage contract against an embedded Drydock. */
class DrydockDiskUsageContractTest extends DiskUsageContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }
}
