package dev.drydock.contract;

import java.util.Map;

/**
 * The Shell contract against an embedded Drydock, which starts empty: busybox is pulled from its simulated
 * registry. The differences still open are listed with their reasons and reported skipped.
 */
class DrydockShellContractTest extends ShellContract {
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

    @Override
    protected Map<String, String> knownDifferences() {
        return Map.ofEntries(
                Map.entry("stat", "the filesystem layer keeps no sticky bit: the busybox image's /tmp reads 0777,"
                        + " not 1777"));
    }
}
