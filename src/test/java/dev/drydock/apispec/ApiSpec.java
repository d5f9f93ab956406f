package dev.drydock.apispec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.Keyword;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The project's own OpenAPI description ({@code api-spec/openapi.yaml}, copied to the test classpath by the
 * build): which routes it lists, and validation of response bodies against its schemas.
 */
public final class ApiSpec {
    /** Where the build puts the spec on the test classpath. */
    public static final String RESOURCE = "api-spec/openapi.yaml";
    private static final List<String> DOCUMENT_KEYS = List.of("openapi", "info", "servers", "tags", "paths",
            "components", "security", "externalDocs");
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "delete", "patch", "options");

    private final JsonNode root;
    /** Where schema references resolve: the document's own classpath location. */
    private final String location;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private ApiSpec(JsonNode root, String resource) {
        this.root = root;
        this.location = "classpath:" + resource;
        // The document's own top-level keys are not schema keywords: declared so the validator stays quiet.
        JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi30.getInstance())
                .keywords(DOCUMENT_KEYS.stream().map(NonValidationKeyword::new).map(k -> (Keyword) k).toList())
                .build();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, b -> b
                .metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri()));
        this.config = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build();
    }

    /** The admin API's description on the test classpath. */
    public static final String ADMIN_RESOURCE = "api-spec/admin.yaml";

    /** Loads the spec from the test classpath. */
    public static ApiSpec load() {
        return load(RESOURCE);
    }

    /** Loads a spec ({@link #RESOURCE}, {@link #ADMIN_RESOURCE}) from the test classpath. */
    public static ApiSpec load(String resource) {
        try (InputStream in = ApiSpec.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath (the pom copies api-spec/)");
            }
            return new ApiSpec(new YAMLMapper().readTree(in), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole document. */
    public JsonNode document() {
        return root;
    }

    /** Every operation listed, as {@code "METHOD /path/{}"} with parameter names blanked. */
    public Set<String> operations() {
        Set<String> out = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            Iterator<String> methods = p.getValue().fieldNames();
            while (methods.hasNext()) {
                String m = methods.next();
                if (METHODS.contains(m)) {
                    out.add(operation(m, p.getKey()));
                }
            }
        }
        return out;
    }

    /**
     * A route as {@code "METHOD /path/{}"}: parameter names ({@code {id}}, Javalin's {@code <name>}) are blanked,
     * since the spec and the route table may name the same segment differently.
     */
    public static String operation(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{[^}/]*}|<[^>]*>", "{}");
    }

    /** The schema of a response body, if the spec gives one for that status and media type. */
    public Optional<JsonSchema> responseSchema(String method, String path, int status, String mediaType) {
        String key = method.toLowerCase(Locale.ROOT) + " " + path + " " + status + " " + mediaType;
        JsonSchema cached = schemas.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        String op = "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/";
        String responsePointer = op + (root.at(op + status).isMissingNode() ? "default" : Integer.toString(status));
        responsePointer = resolvedPointer(responsePointer);
        String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
        if (root.at(schemaPointer).isMissingNode()) {
            return Optional.empty();
        }
        // Loaded by location, so that "#/components/..." references resolve against the whole document.
        String fragment = schemaPointer.replace("{", "%7B").replace("}", "%7D");
        JsonSchema compiled = factory.getSchema(SchemaLocation.of(location + "#" + fragment), config);
        compiled.initializeValidators();
        schemas.put(key, compiled);
        return Optional.of(compiled);
    }

    /** A named schema under {@code components/schemas}. */
    public JsonSchema componentSchema(String name) {
        return schemas.computeIfAbsent("#" + name, k -> {
            JsonSchema s = factory.getSchema(SchemaLocation.of(location + "#/components/schemas/" + name), config);
            s.initializeValidators();
            return s;
        });
    }

    /**
     * The problems of a response body against the spec; empty when it conforms.
     *
     * @throws AssertionError when the spec has no schema for that response at all
     */
    public List<String> problems(String method, String path, int status, String mediaType, JsonNode body) {
        JsonSchema schema = responseSchema(method, path, status, mediaType).orElseThrow(() -> new AssertionError(
                "api-spec has no " + mediaType + " schema for " + method + " " + path + " " + status));
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(body)) {
            out.add(m.getMessage());
        }
        return out;
    }

    /** Fails when the body does not conform to the spec's schema for that response. */
    public void assertConforms(String method, String path, int status, String mediaType, JsonNode body) {
        List<String> p = problems(method, path, status, mediaType, body);
        if (!p.isEmpty()) {
            throw new AssertionError(method + " " + path + " " + status + " body does not match api-spec: " + p);
        }
    }

    /** Follows {@code $ref}s from the node at {@code pointer} to the pointer of the node they name. */
    private String resolvedPointer(String pointer) {
        JsonNode ref = root.at(pointer).get("$ref");
        if (ref == null) {
            return pointer;
        }
        String r = ref.asText();
        if (!r.startsWith("#/")) {
            throw new IllegalStateException("only local references are used in api-spec: " + r);
        }
        return resolvedPointer(r.substring(1));
    }

    /** A JSON Pointer reference token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
