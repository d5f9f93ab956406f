package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.EngineException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields Docker keeps for a container's Config and HostConfig, in the order the daemon renders them, with
 * their Go types (for Go's type-mismatch messages) and the values an absent field gets.
 *
 * <p>Storing the client's JSON normalized against this schema is how create echoes everything back field for
 * field: unknown fields are dropped as Go's decoder drops them, nulls stay null where Go keeps nil.
 */
final class ConfigSchema {
    /** A field's Go type, as far as JSON decoding can tell. */
    enum Type {
        STRING("string"), BOOL("bool"), INT("int64"), INT_PTR("int64"), STRING_LIST("[]string"),
        STR_SLICE("strslice.StrSlice"), STRING_MAP("map[string]string"), OBJECT("struct"), LIST("[]struct"),
        INT_LIST("[]uint");

        final String goName;

        Type(String goName) {
            this.goName = goName;
        }
    }

    /**
     * One field.
     *
     * @param type      its type
     * @param absent    the value rendered when the client gave none (null node for Go nil)
     * @param omitEmpty whether Docker leaves it out when empty
     */
    record Field(Type type, JsonNode absent, boolean omitEmpty) {
    }

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** HostConfig modes for which an empty string means the daemon's default, as an absent field does. */
    private static final java.util.Set<String> EMPTY_IS_DEFAULT = java.util.Set.of("CgroupnsMode", "IpcMode");

    static final Map<String, Field> CONFIG = new LinkedHashMap<>();
    static final Map<String, Field> HOST_CONFIG = new LinkedHashMap<>();

    static {
        f(CONFIG, "Hostname", Type.STRING, F.textNode(""));
        f(CONFIG, "Domainname", Type.STRING, F.textNode(""));
        f(CONFIG, "User", Type.STRING, F.textNode(""));
        f(CONFIG, "AttachStdin", Type.BOOL, F.booleanNode(false));
        f(CONFIG, "AttachStdout", Type.BOOL, F.booleanNode(false));
        f(CONFIG, "AttachStderr", Type.BOOL, F.booleanNode(false));
        omit(CONFIG, "ExposedPorts", Type.OBJECT);
        f(CONFIG, "Tty", Type.BOOL, F.booleanNode(false));
        f(CONFIG, "OpenStdin", Type.BOOL, F.booleanNode(false));
        f(CONFIG, "StdinOnce", Type.BOOL, F.booleanNode(false));
        f(CONFIG, "Env", Type.STRING_LIST, F.nullNode());
        f(CONFIG, "Cmd", Type.STR_SLICE, F.nullNode());
        omit(CONFIG, "Healthcheck", Type.OBJECT);
        omit(CONFIG, "ArgsEscaped", Type.BOOL);
        f(CONFIG, "Image", Type.STRING, F.textNode(""));
        f(CONFIG, "Volumes", Type.OBJECT, F.nullNode());
        f(CONFIG, "WorkingDir", Type.STRING, F.textNode(""));
        f(CONFIG, "Entrypoint", Type.STR_SLICE, F.nullNode());
        omit(CONFIG, "NetworkDisabled", Type.BOOL);
        omit(CONFIG, "MacAddress", Type.STRING);
        f(CONFIG, "OnBuild", Type.STRING_LIST, F.nullNode());
        f(CONFIG, "Labels", Type.STRING_MAP, F.objectNode());
        omit(CONFIG, "StopSignal", Type.STRING);
        omit(CONFIG, "StopTimeout", Type.INT_PTR);
        omit(CONFIG, "Shell", Type.STRING_LIST);

        f(HOST_CONFIG, "Binds", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "ContainerIDFile", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "LogConfig", Type.OBJECT, json("{\"Type\":\"json-file\",\"Config\":{}}"));
        f(HOST_CONFIG, "NetworkMode", Type.STRING, F.textNode("default"));
        f(HOST_CONFIG, "PortBindings", Type.OBJECT, F.objectNode());
        f(HOST_CONFIG, "RestartPolicy", Type.OBJECT, json("{\"Name\":\"\",\"MaximumRetryCount\":0}"));
        f(HOST_CONFIG, "AutoRemove", Type.BOOL, F.booleanNode(false));
        f(HOST_CONFIG, "VolumeDriver", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "VolumesFrom", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "ConsoleSize", Type.INT_LIST, json("[0,0]"));
        omit(HOST_CONFIG, "Annotations", Type.STRING_MAP);
        f(HOST_CONFIG, "CapAdd", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "CapDrop", Type.STRING_LIST, F.nullNode());
        // The daemon's default on a cgroup v2 host (what /info reports): "host" is v1's.
        f(HOST_CONFIG, "CgroupnsMode", Type.STRING, F.textNode("private"));
        f(HOST_CONFIG, "Dns", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "DnsOptions", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "DnsSearch", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "ExtraHosts", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "GroupAdd", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "IpcMode", Type.STRING, F.textNode("private"));
        f(HOST_CONFIG, "Cgroup", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "Links", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "OomScoreAdj", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "PidMode", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "Privileged", Type.BOOL, F.booleanNode(false));
        f(HOST_CONFIG, "PublishAllPorts", Type.BOOL, F.booleanNode(false));
        f(HOST_CONFIG, "ReadonlyRootfs", Type.BOOL, F.booleanNode(false));
        f(HOST_CONFIG, "SecurityOpt", Type.STRING_LIST, F.nullNode());
        omit(HOST_CONFIG, "StorageOpt", Type.STRING_MAP);
        omit(HOST_CONFIG, "Tmpfs", Type.STRING_MAP);
        f(HOST_CONFIG, "UTSMode", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "UsernsMode", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "ShmSize", Type.INT, F.numberNode(67108864L));
        omit(HOST_CONFIG, "Sysctls", Type.STRING_MAP);
        f(HOST_CONFIG, "Runtime", Type.STRING, F.textNode("runc"));
        f(HOST_CONFIG, "Isolation", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "CpuShares", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "Memory", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "NanoCpus", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "CgroupParent", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "BlkioWeight", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "BlkioWeightDevice", Type.LIST, F.nullNode());
        f(HOST_CONFIG, "BlkioDeviceReadBps", Type.LIST, F.nullNode());
        f(HOST_CONFIG, "BlkioDeviceWriteBps", Type.LIST, F.nullNode());
        f(HOST_CONFIG, "BlkioDeviceReadIOps", Type.LIST, F.nullNode());
        f(HOST_CONFIG, "BlkioDeviceWriteIOps", Type.LIST, F.nullNode());
        f(HOST_CONFIG, "CpuPeriod", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "CpuQuota", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "CpuRealtimePeriod", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "CpuRealtimeRuntime", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "CpusetCpus", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "CpusetMems", Type.STRING, F.textNode(""));
        f(HOST_CONFIG, "Devices", Type.LIST, F.nullNode());
        f(HOST_CONFIG, "DeviceCgroupRules", Type.STRING_LIST, F.nullNode());
        f(HOST_CONFIG, "DeviceRequests", Type.LIST, F.nullNode());
        f(HOST_CONFIG, "MemoryReservation", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "MemorySwap", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "MemorySwappiness", Type.INT_PTR, F.nullNode());
        f(HOST_CONFIG, "OomKillDisable", Type.BOOL, F.booleanNode(false));
        f(HOST_CONFIG, "PidsLimit", Type.INT_PTR, F.nullNode());
        f(HOST_CONFIG, "Ulimits", Type.LIST, F.nullNode());
        f(HOST_CONFIG, "CpuCount", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "CpuPercent", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "IOMaximumIOps", Type.INT, F.numberNode(0));
        f(HOST_CONFIG, "IOMaximumBandwidth", Type.INT, F.numberNode(0));
        omit(HOST_CONFIG, "Mounts", Type.LIST);
        f(HOST_CONFIG, "MaskedPaths", Type.STRING_LIST, json("[\"/proc/asound\",\"/proc/acpi\",\"/proc/kcore\","
                + "\"/proc/keys\",\"/proc/latency_stats\",\"/proc/timer_list\",\"/proc/timer_stats\","
                + "\"/proc/sched_debug\",\"/proc/scsi\",\"/sys/firmware\"]"));
        f(HOST_CONFIG, "ReadonlyPaths", Type.STRING_LIST, json("[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\","
                + "\"/proc/sys\",\"/proc/sysrq-trigger\"]"));
        omit(HOST_CONFIG, "Init", Type.BOOL);
    }

    private ConfigSchema() {
    }

    private static void f(Map<String, Field> m, String name, Type type, JsonNode absent) {
        m.put(name, new Field(type, absent, false));
    }

    private static void omit(Map<String, Field> m, String name, Type type) {
        m.put(name, new Field(type, F.nullNode(), true));
    }

    static JsonNode json(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Normalizes a client object against a schema: known fields in schema order, absent or null ones at their
     * defaults (nil stays nil), wrong JSON kinds rejected with Go's decoder message.
     *
     * @param goPath the Go struct path for messages, e.g. {@code ContainerConfigWrapper}
     */
    static ObjectNode normalize(JsonNode given, Map<String, Field> schema, String goPath) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, Field> e : schema.entrySet()) {
            String key = e.getKey();
            Field field = e.getValue();
            JsonNode v = given == null ? null : given.get(key);
            if (v == null || v.isNull() || v.isMissingNode()) {
                if (!field.omitEmpty()) {
                    out.set(key, field.absent().deepCopy());
                }
                continue;
            }
            checkType(v, field.type(), goPath + "." + key);
            if (schema == HOST_CONFIG && EMPTY_IS_DEFAULT.contains(key) && v.asText().isEmpty()) {
                out.set(key, field.absent().deepCopy());
                continue;
            }
            if (field.type() == Type.STR_SLICE && v.isTextual()) {
                ArrayNode a = F.arrayNode();
                a.add(v.asText());
                v = a;
            }
            if (field.omitEmpty() && isEmpty(v)) {
                continue;
            }
            out.set(key, v.deepCopy());
        }
        return out;
    }

    private static boolean isEmpty(JsonNode v) {
        return (v.isTextual() && v.asText().isEmpty()) || (v.isBoolean() && !v.asBoolean())
                || (v.isContainerNode() && v.isEmpty()) || (v.isNumber() && v.asLong() == 0);
    }

    /** Fails with Go's {@code json: cannot unmarshal X into Go struct field P of type T} when kinds differ. */
    static void checkType(JsonNode v, Type type, String goPath) {
        boolean ok = switch (type) {
            case STRING -> v.isTextual();
            case BOOL -> v.isBoolean();
            case INT, INT_PTR -> v.isIntegralNumber();
            case STRING_LIST, INT_LIST, LIST -> v.isArray();
            case STR_SLICE -> v.isArray() || v.isTextual();
            case STRING_MAP, OBJECT -> v.isObject();
        };
        if (!ok) {
            throw EngineException.badRequest("json: cannot unmarshal " + goKind(v) + " into Go struct field "
                    + goPath + " of type " + type.goName);
        }
        if (type == Type.STRING_LIST || type == Type.STR_SLICE) {
            for (JsonNode item : v) {
                if (!item.isTextual() && !item.isNull()) {
                    throw EngineException.badRequest("json: cannot unmarshal " + goKind(item)
                            + " into Go struct field " + goPath + " of type string");
                }
            }
        }
        if (type == Type.STRING_MAP) {
            v.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                    throw EngineException.badRequest("json: cannot unmarshal " + goKind(e.getValue())
                            + " into Go struct field " + goPath + " of type string");
                }
            });
        }
    }

    /** How Go's decoder names a JSON value's kind. */
    static String goKind(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        return "object";
    }
}
