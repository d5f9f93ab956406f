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
                Map.entry("psShowsABackgroundProcess", "ps -o ignores comm/args columns"),
                Map.entry("psComm", "ps -o ignores comm/args columns"),
                Map.entry("wgetThroughPublishedPort", "the gateway address does not reach published ports"),
                Map.entry("ipOneLineAddr", "ip -o (one line per address) is not implemented"),
                Map.entry("sysfsHasTheMacAddress", "/sys/class/net is not simulated"),
                Map.entry("routeAndNetstatShowTheKernelRoutingTable", "route and netstat -r are not implemented"),
                Map.entry("testCompound", "test FILE -nt MISSING answers true"),
                Map.entry("dollarSingle", "the shell does not expand $'...'"),
                Map.entry("syntaxError2", "a different syntax error message for 'echo (a'"),
                Map.entry("unknownOption", "ls accepts unknown long options"),
                Map.entry("stat", "the busybox image's /tmp is 0777, not 1777"),
                Map.entry("catVariants", "nl is not implemented"),
                Map.entry("foldPaste", "fold and paste are not implemented"),
                Map.entry("cmp", "cmp is not implemented"),
                Map.entry("dateFixed", "date -d is not implemented"),
                Map.entry("dateFormat", "date -d is not implemented"),
                Map.entry("killBg", "the shell does not report a job killed by a signal (Terminated)"),
                Map.entry("signalTerm", "the shell does not report a child killed by a signal (Terminated)"),
                Map.entry("umask", "files are created ignoring the umask"),
                Map.entry("pwdP", "pwd -P does not resolve symlinks"),
                Map.entry("timeoutApplet", "timeout exits 124 (coreutils) where busybox's dies of SIGTERM (143)"));
    }
}
