package dev.drydock.contract;

/** The Image contract against an embedded Drydock, which starts empty: busybox is pulled from its simulated registry. */
class DrydockImageContractTest extends ImageContract {
    @Override
    protected ContractTarget openTarget() {
        return new DrydockTarget();
    }

    @Override
    protected void provideBaseImage() {
        pull("busybox", "latest");
    }
}
