package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static dev.drydock.integration.Wired.pull;
import static org.hamcrest.Matchers.equalTo;

/** EnableIPv6 networks give endpoints IPv6 addresses, shown as dockerd 20.10 shows them. */
class Ipv6EndpointsTest {
    private Drydock d;

    @BeforeEach
    void start() {
        d = Wired.start();
        pull(d, "busybox", "latest");
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private String run(String name) {
        String id = create(d, name, "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],"
                + "\"HostConfig\":{\"NetworkMode\":\"v6net\"}}");
        api(d).post("/containers/" + name + "/start").then().statusCode(204);
        return id;
    }

    @Test
    void endpointsGetGlobalIpv6AddressesFromTheSubnet() {
        api(d).body("{\"Name\":\"v6net\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":[{\"Subnet\":\"2001:db8:1::/64\"}]}}")
                .post("/networks/create").then().statusCode(201);
        api(d).get("/networks/v6net").then()
                .body("EnableIPv6", equalTo(true))
                // As dockerd 20.10 echoes it: the IPv6 pool as given, no gateway added.
                .body("IPAM.Config[1]", equalTo(Map.of("Subnet", "2001:db8:1::/64")));
        String one = run("six1");
        String two = run("six2");
        api(d).get("/v1.41/containers/six1/json").then()
                .body("NetworkSettings.Networks.v6net.GlobalIPv6Address", equalTo("2001:db8:1::2"))
                .body("NetworkSettings.Networks.v6net.GlobalIPv6PrefixLen", equalTo(64))
                .body("NetworkSettings.Networks.v6net.IPv6Gateway", equalTo("2001:db8:1::1"))
                .body("NetworkSettings.Networks.v6net.IPAddress", equalTo("172.18.0.2"));
        api(d).get("/containers/six2/json").then()
                .body("NetworkSettings.Networks.v6net.GlobalIPv6Address", equalTo("2001:db8:1::3"));
        api(d).get("/networks/v6net").then()
                .body("Containers." + one + ".IPv6Address", equalTo("2001:db8:1::2/64"))
                .body("Containers." + two + ".IPv6Address", equalTo("2001:db8:1::3/64"));

        // A stopped container's address is free again for the next one.
        api(d).queryParam("t", 0).post("/containers/six1/stop").then().statusCode(204);
        api(d).get("/containers/six1/json").then().body("NetworkSettings.Networks.v6net.GlobalIPv6Address", equalTo(""));
        run("six3");
        api(d).get("/containers/six3/json").then()
                .body("NetworkSettings.Networks.v6net.GlobalIPv6Address", equalTo("2001:db8:1::2"));
    }

    @Test
    void withoutIpv6EndpointsKeepEmptyIpv6FieldsAndBadSubnetsGetDockersMessage() {
        api(d).body("{\"Name\":\"v6net\"}").post("/networks/create").then().statusCode(201);
        String id = run("four");
        api(d).get("/containers/four/json").then()
                .body("NetworkSettings.Networks.v6net.GlobalIPv6Address", equalTo(""))
                .body("NetworkSettings.Networks.v6net.GlobalIPv6PrefixLen", equalTo(0))
                .body("NetworkSettings.Networks.v6net.IPv6Gateway", equalTo(""));
        api(d).get("/networks/v6net").then().body("Containers." + id + ".IPv6Address", equalTo(""));
        for (String bad : List.of("zz::/64", "2001:db8::/200")) {
            api(d).body("{\"Name\":\"bad6\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":[{\"Subnet\":\"" + bad + "\"}]}}")
                    .post("/v1.41/networks/create").then().statusCode(500)
                    .body("message", equalTo("Invalid subnet " + bad + " : invalid CIDR address: " + bad));
        }
    }
}
