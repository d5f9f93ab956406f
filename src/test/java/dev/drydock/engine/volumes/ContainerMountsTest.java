package dev.drydock.engine.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Event;
import dev.drydock.fs.Errno;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.JimfsFactory;
import dev.drydock.fs.PathFsView;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mount planning and the mount lifecycle as the container service drives them, checked against what the reference
 * daemon shows for the same {@code docker create} flags; volume use is checked through HTTP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContainerMountsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    private static final String C2 = "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2";

    @TempDir
    Path host;
    private Drydock drydock;
    private VolumeService volumes;

    @BeforeEach
    void start() {
        drydock = Drydock.start(DrydockConfig.builder().idSeed(3).build());
        volumes = drydock.engine().volumes();
    }

    @AfterEach
    void stop() {
        drydock.close();
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    private ContainerMounts plan(String id, String hostConfig, String config) throws Exception {
        return plan(id, hostConfig, config, ContainerLookup.none());
    }

    private ContainerMounts plan(String id, String hostConfig, String config, ContainerLookup lookup)
            throws Exception {
        return volumes.planMounts(id, MountRequest.fromJson(json(config), json(hostConfig), List.of()), lookup);
    }

    /** A container root filesystem: a Jimfs tree with some image content. */
    private static PathFsView rootFs() throws Exception {
        Path root = JimfsFactory.newFileSystem("test-root").getPath("/rootfs");
        Files.createDirectories(root);
        PathFsView view = new PathFsView(root);
        view.mkdirs("/etc/app");
        view.writeAll("/etc/app/conf", "from-image".getBytes(StandardCharsets.UTF_8));
        view.chmod("/etc/app", 0750);
        view.mkdirs("/etc");
        view.writeAll("/etc/passwd", "root:x:0:0::/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        return view;
    }

    private static String read(FsView view, String path) throws FsException {
        return new String(view.readAll(path), StandardCharsets.UTF_8);
    }

    @Test
    void inspectShowsMountsExactlyAsTheDaemonDoes() throws Exception {
        String dir = host.toString();
        // The same flags as: docker create -v vhA:/a -v DIR:/b:ro -v /c -v DIR:/d:z -v vhB:/e:ro,nocopy
        //   --mount type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770 --tmpfs /run:size=64k
        //   --mount type=volume,src=vhC,dst=/f,volume-label=x=y,volume-nocopy
        //   --mount type=bind,src=DIR,dst=/g,readonly,bind-propagation=shared --mount type=volume,dst=/h
        ContainerMounts mounts = plan(C1, "{'Binds':['vhA:/a','" + dir + ":/b:ro','" + dir + ":/d:z',"
                + "'vhB:/e:ro,nocopy'],'Mounts':[{'Type':'tmpfs','Target':'/t','TmpfsOptions':{'SizeBytes':1048576,"
                + "'Mode':1016}},{'Type':'volume','Source':'vhC','Target':'/f','VolumeOptions':{'NoCopy':true,"
                + "'Labels':{'x':'y'},'DriverConfig':{}}},{'Type':'bind','Source':'" + dir + "','Target':'/g',"
                + "'ReadOnly':true,'BindOptions':{'Propagation':'shared'}},{'Type':'volume','Target':'/h'}],"
                + "'Tmpfs':{'/run':'size=64k'}}", "{'Volumes':{'/c':{}}}");
        Map<String, Map<String, Object>> byDest = new java.util.HashMap<>();
        mounts.toApi().forEach(m -> byDest.put((String) m.get("Destination"), m));
        assertThat(byDest.keySet()).containsExactlyInAnyOrder("/a", "/b", "/c", "/d", "/e", "/f", "/g", "/h", "/t");
        assertThat(JSON.writeValueAsString(byDest.get("/a"))).isEqualTo("{\"Type\":\"volume\",\"Name\":\"vhA\","
                + "\"Source\":\"/var/lib/docker/volumes/vhA/_data\",\"Destination\":\"/a\",\"Driver\":\"local\","
                + "\"Mode\":\"z\",\"RW\":true,\"Propagation\":\"\"}");
        assertThat(JSON.writeValueAsString(byDest.get("/b"))).isEqualTo("{\"Type\":\"bind\",\"Source\":\"" + dir
                + "\",\"Destination\":\"/b\",\"Mode\":\"ro\",\"RW\":false,\"Propagation\":\"rprivate\"}");
        String anonC = (String) byDest.get("/c").get("Name");
        assertThat(anonC).matches("[0-9a-f]{64}");
        assertThat(byDest.get("/c")).containsEntry("Mode", "").containsEntry("RW", true)
                .containsEntry("Source", "/var/lib/docker/volumes/" + anonC + "/_data");
        assertThat(byDest.get("/d")).containsEntry("Mode", "z").containsEntry("RW", true)
                .containsEntry("Propagation", "rprivate");
        assertThat(byDest.get("/e")).containsEntry("Mode", "ro,nocopy").containsEntry("RW", false)
                .containsEntry("Name", "vhB");
        assertThat(byDest.get("/f")).containsEntry("Mode", "z").containsEntry("Name", "vhC");
        assertThat(JSON.writeValueAsString(byDest.get("/g"))).isEqualTo("{\"Type\":\"bind\",\"Source\":\"" + dir
                + "\",\"Destination\":\"/g\",\"Mode\":\"\",\"RW\":false,\"Propagation\":\"shared\"}");
        assertThat(byDest.get("/h")).containsEntry("Mode", "z").containsEntry("RW", true);
        assertThat(JSON.writeValueAsString(byDest.get("/t"))).isEqualTo("{\"Type\":\"tmpfs\",\"Source\":\"\","
                + "\"Destination\":\"/t\",\"Mode\":\"\",\"RW\":true,\"Propagation\":\"\"}");
        // --tmpfs mounts are mounted but not listed.
        assertThat(mounts.mountPoints()).anyMatch(m -> m.destination().equals("/run") && !m.listed());
        // Named volumes are created on first use; anonymous ones carry the anonymous label.
        assertThat(volumes.get("vhC").labels()).isEqualTo(Map.of("x", "y"));
        assertThat(volumes.get(anonC).anonymous()).isTrue();
        assertThat(volumes.inUseBy("vhA")).containsExactly(C1);
    }

    @Test
    void theGoldenContainersVolumeMountLooksAsInTheGoldenFile() throws Exception {
        ContainerMounts mounts = plan(C1, "{'Binds':['gvol:/data']}", "{}");
        assertThat(JSON.writeValueAsString(mounts.toApi())).isEqualTo("[{\"Type\":\"volume\",\"Name\":\"gvol\","
                + "\"Source\":\"/var/lib/docker/volumes/gvol/_data\",\"Destination\":\"/data\",\"Driver\":\"local\","
                + "\"Mode\":\"z\",\"RW\":true,\"Propagation\":\"\"}]");
    }

    @Test
    void aVolumeInUseCannotBeRemovedOverHttpUntilTheContainerIsRemoved() throws Exception {
        ContainerMounts mounts = plan(C1, "{'Binds':['gvol:/data']}", "{}");
        Response r = given().baseUri("http://127.0.0.1").port(drydock.port()).delete("/volumes/gvol");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.jsonPath().getString("message")).isEqualTo("remove gvol: volume is in use - [" + C1 + "]");
        mounts.release(false);
        given().baseUri("http://127.0.0.1").port(drydock.port()).delete("/volumes/gvol").then().statusCode(204);
    }

    @Test
    void removingWithVolumesRemovesOnlyAnonymousVolumesNobodyElseUses() throws Exception {
        ContainerMounts first = plan(C1, "{'Binds':['named:/n','/anon1'],'Mounts':[{'Type':'volume',"
                + "'Target':'/anon2'}]}", "{'Volumes':{'/anon3':{}}}");
        List<String> names = first.volumeNames();
        assertThat(names).hasSize(4).contains("named");
        String anon3 = names.get(3);
        // A second container shares the first's volumes: they survive the first's rm -v.
        ContainerMounts second = plan(C2, "{'VolumesFrom':['first:ro']}", "{}",
                ref -> ref.equals("first") ? Optional.of(first) : Optional.empty());
        assertThat(second.toApi()).allSatisfy(m -> assertThat(m.get("RW")).isEqualTo(false));
        first.release(true);
        assertThat(volumes.list(dev.drydock.engine.Filters.empty()).volumes()).extracting(Volume::name)
                .containsExactlyInAnyOrderElementsOf(names);
        second.release(true);
        assertThat(volumes.list(dev.drydock.engine.Filters.empty()).volumes()).extracting(Volume::name)
                .containsExactly("named");
        assertThat(anon3).matches("[0-9a-f]{64}");
    }

    @Test
    void badMountsGetTheDaemonsErrorsAndCreateNothing() throws Exception {
        assertRejected("{'Binds':['ok1:/x','rel/ative:/y']}", "{}", "create rel/ative: \"rel/ative\" includes invalid"
                + " characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended"
                + " to pass a host directory, use absolute path");
        assertRejected("{'Binds':['ok1:/x'],'Mounts':[{'Type':'bind','Source':'/nope','Target':'/x2'}]}", "{}",
                "invalid mount config for type \"bind\": bind source path does not exist: /nope");
        assertRejected("{'Mounts':[{'Type':'bind','Source':'rel','Target':'/x'}]}", "{}",
                "invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute");
        assertRejected("{'Mounts':[{'Type':'bind','Target':'/x'}]}", "{}",
                "invalid mount config for type \"bind\": field Source must not be empty");
        assertRejected("{'Mounts':[{'Type':'volume','Source':'vhA','Target':'rel'}]}", "{}",
                "invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute");
        assertRejected("{'Mounts':[{'Type':'volume','Source':'vhA','Target':'/'}]}", "{}",
                "invalid mount config for type \"volume\": invalid specification: destination can't be '/'");
        assertRejected("{'Binds':['vhA:/']}", "{}", "invalid volume specification: 'vhA:/': invalid mount config for"
                + " type \"volume\": invalid specification: destination can't be '/'");
        assertRejected("{'Binds':['vhA:rel']}", "{}", "invalid volume specification: 'vhA:rel': invalid mount config"
                + " for type \"volume\": invalid mount path: 'rel' mount path must be absolute");
        assertRejected("{'Binds':['vhA:/x','vhB:/x']}", "{}", "Duplicate mount point: /x");
        assertRejected("{'Binds':['vhA:/x'],'Mounts':[{'Type':'volume','Source':'vhB','Target':'/x'}]}", "{}",
                "Duplicate mount point: /x");
        assertRejected("{'Mounts':[{'Type':'volume','Source':'vhB','Target':'/x'},{'Type':'volume','Source':'vhA',"
                + "'Target':'/x'}]}", "{}", "Duplicate mount point: /x");
        assertRejected("{'Binds':['vhA:/x'],'Tmpfs':{'/x':''}}", "{}", "Duplicate mount point: /x");
        assertRejected("{'Mounts':[{'Type':'tmpfs','Source':'foo','Target':'/x'}]}", "{}",
                "invalid mount config for type \"tmpfs\": field Source must not be specified");
        assertRejected("{'Mounts':[{'Type':'volume','Target':'/x','ReadOnly':true}]}", "{}",
                "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes");
        assertRejected("{'Binds':['vhA:/x:bogus']}", "{}", "invalid mode: bogus");
        assertRejected("{'Binds':['vhA:/x:ro,rw']}", "{}", "invalid mode: ro,rw");
        assertRejected("{'Binds':['/x:rw']}", "{}", "invalid volume specification: '/x:rw'");
        assertRejected("{'Binds':['a:b:c:d']}", "{}", "invalid volume specification: 'a:b:c:d'");
        assertRejected("{'Binds':[':/x']}", "{}", "invalid volume specification: ':/x'");
        assertRejected("{'Binds':['vhA:/x:shared']}", "{}", "invalid volume specification: 'vhA:/x:shared': invalid"
                + " mount config for type \"volume\": field BindOptions must not be specified");
        assertRejected("{'Mounts':[{'Type':'bind','Source':'" + host + "','Target':'/x','BindOptions':"
                + "{'Propagation':'bogus'}}]}", "{}", "invalid mount config for type \"bind\": invalid propagation"
                + " mode: bogus");
        assertRejected("{'Mounts':[{'Type':'bind','Source':'" + host + "','Target':'/x','VolumeOptions':{}}]}", "{}",
                "invalid mount config for type \"bind\": field VolumeOptions must not be specified");
        assertRejected("{'Mounts':[{'Type':'volume','Source':'vhA','Target':'/x','BindOptions':{}}]}", "{}",
                "invalid mount config for type \"volume\": field BindOptions must not be specified");
        assertRejected("{'Mounts':[{'Type':'foo','Target':'/x'}]}", "{}",
                "invalid mount config for type \"foo\": mount type unknown");
        assertRejected("{'Mounts':[{'Type':'tmpfs','Target':''}]}", "{}",
                "invalid mount config for type \"tmpfs\": field Target must not be empty");
        assertRejected("{'VolumesFrom':['nope']}", "{}", "No such container: nope");
        assertRejected("{'VolumesFrom':['nope:bogus']}", "{}", "invalid mode: bogus");
        assertRejected("{'Tmpfs':{'rel':''}}", "{}", "invalid mount path: 'rel' mount path must be absolute");
        assertThat(volumes.list(dev.drydock.engine.Filters.empty()).volumes()).isEmpty();

        EngineException driver = catchEngine("{'Binds':['ok1:/x'],'Mounts':[{'Type':'volume','Target':'/y',"
                + "'VolumeOptions':{'DriverConfig':{'Name':'foo'}}}]}", "{}");
        assertThat(driver.status()).isEqualTo(404);
        assertThat(driver.getMessage()).matches("create [0-9a-f]{64}: error looking up volume plugin foo: plugin "
                + "\"foo\" not found");
        assertThat(volumes.list(dev.drydock.engine.Filters.empty()).volumes()).isEmpty();
    }

    private void assertRejected(String hostConfig, String config, String message) {
        EngineException e = catchEngine(hostConfig, config);
        assertThat(e.status()).as(message).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private EngineException catchEngine(String hostConfig, String config) {
        try {
            plan(C1, hostConfig, config);
        } catch (EngineException e) {
            assertThat(volumes.inUseBy("ok1")).isEmpty();
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + hostConfig);
    }

    @Test
    void aNewVolumeIsFilledFromTheImageUnlessNoCopyAndKeepsItsDataForTheNextContainer() throws Exception {
        PathFsView root1 = rootFs();
        ContainerMounts first = plan(C1, "{'Binds':['cfg:/etc/app','empty:/etc/app2:nocopy'],'Mounts':[{'Type':"
                + "'volume','Source':'nc','Target':'/etc','VolumeOptions':{'NoCopy':true}}]}", "{}");
        FsView view = first.start(root1);
        assertThat(read(view, "/etc/app/conf")).isEqualTo("from-image");
        assertThat(view.stat("/etc/app", true).orElseThrow().mode()).isEqualTo(0750);
        assertThat(view.list("/etc")).contains("app", "app2").doesNotContain("passwd");
        view.writeAll("/etc/app/conf", "changed".getBytes(StandardCharsets.UTF_8));
        view.writeAll("/etc/app/new", "n".getBytes(StandardCharsets.UTF_8));
        first.stop();
        first.release(true);

        // The next container gets the volume's content, not the image's.
        ContainerMounts second = plan(C2, "{'Binds':['cfg:/etc/app:ro']}", "{}");
        FsView view2 = second.start(rootFs());
        assertThat(read(view2, "/etc/app/conf")).isEqualTo("changed");
        assertThat(read(view2, "/etc/app/new")).isEqualTo("n");
        assertThatThrownBy(() -> view2.writeAll("/etc/app/x", new byte[1]))
                .isInstanceOfSatisfying(FsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EROFS));
        assertThat(volumes.size(volumes.get("cfg"))).isEqualTo("changed".length() + 1);
    }

    @Test
    void tmpfsMountsStartEmptyAndVanishAtStop() throws Exception {
        ContainerMounts mounts = plan(C1, "{'Tmpfs':{'/run':'size=64k'},'Mounts':[{'Type':'tmpfs','Target':'/t',"
                + "'TmpfsOptions':{'Mode':1016}}]}", "{}");
        PathFsView root = rootFs();
        FsView run1 = mounts.start(root);
        assertThat(run1.list("/run")).isEmpty();
        assertThat(run1.stat("/t", true).orElseThrow().mode()).isEqualTo(0770);
        run1.writeAll("/run/pid", "1".getBytes(StandardCharsets.UTF_8));
        run1.writeAll("/t/x", "1".getBytes(StandardCharsets.UTF_8));
        assertThat(root.exists("/run/pid")).isFalse();
        assertThat(mounts.start(root)).isSameAs(run1);
        mounts.stop();
        assertThat(mounts.view(root).exists("/run/pid")).isFalse();
        FsView run2 = mounts.start(root);
        assertThat(run2.list("/run")).isEmpty();
        assertThat(run2.list("/t")).isEmpty();
        mounts.stop();
    }

    @Test
    void startAndStopSendMountAndUnmountEvents() throws Exception {
        ContainerMounts mounts = plan(C1, "{'Binds':['ev:/data:ro','" + host + ":/h']}", "{}");
        mounts.start(rootFs());
        mounts.stop();
        List<Event> events = drydock.engine().events().history().stream()
                .filter(e -> e.type().equals("volume")).toList();
        assertThat(events).extracting(Event::action).containsExactly("create", "mount", "unmount");
        assertThat(events.get(1).attributes()).isEqualTo(Map.of("container", C1, "destination", "/data",
                "driver", "local", "propagation", "", "read/write", "false"));
        assertThat(events.get(2).attributes()).isEqualTo(Map.of("container", C1, "driver", "local"));
    }

    @Test
    void bindMountsReachTheRealHostDirectoryBothWays() throws Exception {
        Files.writeString(host.resolve("fixture.txt"), "from-host");
        ContainerMounts mounts = plan(C1, "{'Binds':['" + host + ":/mnt'],'Mounts':[{'Type':'bind','Source':'"
                + host + "','Target':'/ro','ReadOnly':true}]}", "{}");
        FsView view = mounts.start(rootFs());
        assertThat(read(view, "/mnt/fixture.txt")).isEqualTo("from-host");
        view.writeAll("/mnt/out.txt", "from-container".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(host.resolve("out.txt"))).isEqualTo("from-container");
        assertThatThrownBy(() -> view.writeAll("/ro/nope", new byte[1]))
                .isInstanceOfSatisfying(FsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EROFS));
        assertThat(Files.exists(host.resolve("nope"))).isFalse();
    }

    @Test
    void aMissingHostSourceIsCreatedForBindsButRejectedForMounts() throws Exception {
        Path missing = host.resolve("made/by/start");
        ContainerMounts mounts = plan(C1, "{'Binds':['" + missing + ":/m']}", "{}");
        // As on the daemon, the directory appears when the container starts.
        assertThat(Files.exists(missing)).isFalse();
        FsView view = mounts.start(rootFs());
        assertThat(Files.isDirectory(missing)).isTrue();
        view.writeAll("/m/f", new byte[] {1});
        assertThat(Files.size(missing.resolve("f"))).isEqualTo(1);

        ContainerMounts create = plan(C2, "{'Mounts':[{'Type':'bind','Source':'" + host.resolve("made2")
                + "','Target':'/m','BindOptions':{'CreateMountpoint':true}}]}", "{}");
        create.start(rootFs());
        assertThat(Files.isDirectory(host.resolve("made2"))).isTrue();
    }

    @Test
    void aSymlinkInsideABindDirectoryResolvesInTheContainerNotOnTheHost() throws Exception {
        Files.createSymbolicLink(host.resolve("esc"), Path.of("/etc"));
        ContainerMounts mounts = plan(C1, "{'Binds':['" + host + ":/mnt']}", "{}");
        FsView view = mounts.start(rootFs());
        // /mnt/esc -> /etc is followed inside the container: the image's passwd, never the host's.
        assertThat(read(view, "/mnt/esc/passwd")).isEqualTo("root:x:0:0::/root:/bin/sh\n");
    }

    @Test
    void concurrentContainersUsingOneNewVolumeShareIt() throws Exception {
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<ContainerMounts>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String id = String.format("%064d", i);
                futures.add(pool.submit(() -> plan(id, "{'Binds':['shared:/s']}", "{}")));
            }
            for (Future<ContainerMounts> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(volumes.inUseBy("shared")).hasSize(n);
        assertThat(drydock.engine().events().history().stream().filter(e -> e.action().equals("create")).count())
                .isEqualTo(1);
    }
}
