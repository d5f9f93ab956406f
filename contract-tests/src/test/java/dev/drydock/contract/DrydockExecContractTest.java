package dev.drydock.contract;

/** The Exec contract against an embedded Drydock, which starts empty: busybox is pulled from its simulated registry. */
class DrydockExecContractTest extends ExecContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }

    @Override
    protected void provideBaseImage() {
        HostResponse r = client.post(commonPrefix() + "/images/create?fromImage=busybox&tag=latest", null);
        if (r.status() != 200) {
            throw new AssertionError("pull busybox: " + r);
        }
    }
}
