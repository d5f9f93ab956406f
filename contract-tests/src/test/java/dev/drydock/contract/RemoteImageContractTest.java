package dev.drydock.contract;

/**
 * The Image contract against the real Engine given by {@code -Ddrydock.contract.host}; skipped without it. Nothing is
 * pulled there (the reference Engine has no registry): busybox:latest must be present already.
 */
class RemoteImageContractTest extends ImageContract {
    @Override
    protected ContractTarget openTarget() {
        return RemoteTarget.fromProperty("ImageContract");
    }
}
