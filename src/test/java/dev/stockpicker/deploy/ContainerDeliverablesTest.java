package dev.stockpicker.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The container deliverables (docker/, container_environments/) and the CI scripts (ci/), checked where no Docker
 * engine runs: each Dockerfile read instruction by instruction, each compose file parsed and validated by
 * {@code docker-compose config}, each script linted by shellcheck. When a tool is missing, the check is skipped on a
 * developer machine but fails under CI ({@code CI=true}), where ci/pipeline.sh installs both tools first.
 */
class ContainerDeliverablesTest {

    static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    static final Path DOCKER = ROOT.resolve("docker");
    static final String TEST_STACK_ENV = "../container_environments/test-stack.env";
    static final Pattern EXEC_FORM = Pattern.compile(
            "\\[\\s*\"(?:[^\"\\\\]|\\\\.)*\"(?:\\s*,\\s*\"(?:[^\"\\\\]|\\\\.)*\")*\\s*]");

    @BeforeAll
    static void inACheckout() {
        // The unit-test image (docker/docker-compose-unit-test.yaml) holds the code, not the deliverables.
        assumeTrue(Files.isDirectory(DOCKER), "no docker/ folder here (inside the unit-test image)");
    }

    // ---------------------------------------------------------------- Dockerfiles

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? null : found.get(found.size() - 1);
        }
    }

    /**
     * The stages of a Dockerfile: continuation lines joined, comments dropped, FROM starting each stage, and a
     * {@code FROM ${NAME}} resolved to the default of the {@code ARG NAME=...} before the first FROM.
     */
    static List<Stage> stages(String image) {
        List<Stage> stages = new ArrayList<>();
        Map<String, String> globalArgs = new LinkedHashMap<>();
        StringBuilder logical = new StringBuilder();
        for (String line : read(DOCKER.resolve(image).resolve("Dockerfile")).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String[] parts = logical.toString().strip().split("\\s+", 2);
            logical.setLength(0);
            Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("ARG") && stages.isEmpty()) {
                String[] arg = instruction.arguments().split("=", 2);
                globalArgs.put(arg[0].strip(), arg.length > 1 ? arg[1].strip() : "");
            } else if (instruction.keyword().equals("FROM")) {
                List<String> words = new ArrayList<>(List.of(instruction.arguments().split("\\s+")));
                words.removeIf(w -> w.startsWith("--"));
                String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                String from = words.get(0);
                if (from.startsWith("${") && from.endsWith("}")) {
                    from = globalArgs.getOrDefault(from.substring(2, from.length() - 1), from);
                }
                stages.add(new Stage(from, name, new ArrayList<>()));
            } else {
                assertThat(stages).as("%s: %s before any FROM", image, instruction.keyword()).isNotEmpty();
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        assertThat(stages).as("stages of docker/%s/Dockerfile", image).isNotEmpty();
        return stages;
    }

    static Stage runtime(String image) {
        List<Stage> stages = stages(image);
        return stages.get(stages.size() - 1);
    }

    /**
     * A pinned reference: a digest, or a tag with a version number in it (not latest, lts, jre, ...). A compose
     * file's {@code ${VARIABLE:-default}} is judged by its default.
     */
    static boolean pinned(String reference) {
        if (reference.startsWith("${") && reference.contains(":-") && reference.endsWith("}")) {
            reference = reference.substring(reference.indexOf(":-") + 2, reference.length() - 1);
        }
        if (reference.contains("@sha256:")) {
            return true;
        }
        int colon = reference.lastIndexOf(':');
        if (colon < 0 || colon < reference.lastIndexOf('/')) {
            return false;
        }
        String tag = reference.substring(colon + 1);
        return !tag.equals("latest") && tag.matches(".*\\d.*");
    }

    /** Our own images, built by docker/images.sh; every other base is an official image, pinned. */
    static boolean ours(String reference) {
        return reference.startsWith("stockpicker/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"webapp", "worker", "stacktest", "unit-test", "base/jdk", "base/postgres",
        "base/rabbitmq", "base/redis"})
    void everyBaseImageIsPinned(String image) {
        List<String> earlierStages = new ArrayList<>();
        for (Stage stage : stages(image)) {
            if (!earlierStages.contains(stage.image()) && !ours(stage.image())) {
                assertThat(pinned(stage.image()))
                        .as("docker/%s/Dockerfile: FROM %s must name a version tag or digest (not latest)", image,
                                stage.image())
                        .isTrue();
            }
            if (stage.name() != null) {
                earlierStages.add(stage.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"webapp", "stacktest", "unit-test", "base/postgres", "base/rabbitmq", "base/redis"})
    void runsAsANonRootUser(String image) {
        Instruction user = runtime(image).last("USER");
        assertThat(user).as("docker/%s/Dockerfile: the runtime stage needs a USER", image).isNotNull();
        String name = user.arguments().split(":")[0].strip();
        assertThat(name).as("docker/%s/Dockerfile: USER", image).isNotIn("root", "0", "");
    }

    @Test
    void theWorkerImageIsTheWebImageWithAnotherRole() {
        // So it inherits the non-root user, the exec entry point and the class-data archive, and shares layers.
        Stage worker = runtime("worker");
        assertThat(worker.image()).startsWith("stockpicker/webapp:");
        assertThat(worker.last("USER")).as("docker/worker/Dockerfile must not switch users").isNull();
        assertThat(worker.last("ENTRYPOINT")).as("docker/worker/Dockerfile keeps the web image's").isNull();
        assertThat(worker.last("CMD").arguments()).contains("\"worker\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"webapp", "base/postgres", "base/rabbitmq", "base/redis"})
    void hasAnExecFormEntrypoint(String image) {
        Instruction entrypoint = runtime(image).last("ENTRYPOINT");
        assertThat(entrypoint).as("docker/%s/Dockerfile: ENTRYPOINT", image).isNotNull();
        assertThat(entrypoint.arguments())
                .as("docker/%s/Dockerfile: ENTRYPOINT in exec form (a JSON array of strings)", image)
                .matches(EXEC_FORM);
        if (entrypoint.arguments().contains("/bin/sh")) {
            // A shell only to expand JAVA_OPTS: it must exec java, which then gets the stop signal itself.
            assertThat(entrypoint.arguments()).as("docker/%s/Dockerfile: the shell must exec", image)
                    .contains("exec ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base/postgres", "base/rabbitmq", "base/redis"})
    void theServiceEntrypointsExecTheServer(String image) {
        String script = read(DOCKER.resolve(image).resolve("docker-entrypoint.sh"));
        assertThat(script).as("docker/%s/docker-entrypoint.sh: the server becomes PID 1", image).contains("\nexec ");
    }

    @Test
    void theWebAndWorkerImagesHaveHealthchecks() {
        Instruction web = runtime("webapp").last("HEALTHCHECK");
        assertThat(web).as("docker/webapp/Dockerfile: HEALTHCHECK").isNotNull();
        assertThat(web.arguments()).contains("CMD").contains("/health/app/");
        Instruction worker = runtime("worker").last("HEALTHCHECK");
        assertThat(worker).as("docker/worker/Dockerfile: HEALTHCHECK").isNotNull();
        assertThat(worker.arguments()).contains("CMD").contains("/livez").contains("METRICS_PORT");
    }

    @Test
    void theWebImageExposesPort8001AndRunsTheWebRole() {
        Stage web = runtime("webapp");
        assertThat(web.all("EXPOSE")).extracting(Instruction::arguments).anyMatch(a -> a.contains("8001"));
        assertThat(web.last("CMD").arguments()).contains("\"web\"");
    }

    @Test
    void theWebImageTakesTheBuildStepsJarInLayersWithAClassDataArchive() {
        List<String> lines = stages("webapp").stream().flatMap(stage -> stage.instructions().stream())
                .map(i -> i.keyword() + " " + i.arguments()).toList();
        int extract = indexOf(lines, "extract --layers");
        assertThat(indexOf(lines, "COPY target/stockpicker.jar")).as("the jar of the build step").isNotNegative()
                .isLessThan(extract);
        int dependencies = indexOf(lines, "COPY --from=layers /build/extracted/dependencies/");
        int application = indexOf(lines, "COPY --from=layers /build/extracted/application/");
        assertThat(lines.get(extract)).as("the zero-setup mode's servers stay out of the image")
                .contains("rm -rf /build/extracted/zero-setup-dependencies");
        assertThat(dependencies).as("libraries are a layer before the application's").isGreaterThan(extract)
                .isLessThan(application);
        assertThat(indexOf(lines, "-Xshare:dump")).as("a class-data archive of this jar").isGreaterThan(application);
        assertThat(runtime("webapp").last("ENTRYPOINT").arguments()).contains("-XX:SharedArchiveFile=");
    }

    @Test
    void theStacktestImageCarriesTheIntegrationTests() {
        Stage stacktest = runtime("stacktest");
        assertThat(stacktest.all("RUN")).extracting(Instruction::arguments)
                .anyMatch(a -> a.contains("curl") && a.contains("jq"));
        assertThat(stacktest.last("CMD").arguments()).contains("./integration-tests.sh");
        assertThat(stacktest.all("COPY")).extracting(Instruction::arguments)
                .anyMatch(a -> a.contains("ci/integration-tests.sh"));
    }

    static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- compose files

    @ParameterizedTest
    @ValueSource(strings = {"docker-compose-unit-test.yaml", "docker-compose-local-image-stack.yaml"})
    void composeFileIsValid(String file) {
        requireTool("docker-compose");
        Result result = run(List.of("docker-compose", "-f", "docker/" + file, "config", "-q"));
        assertThat(result.status()).as("docker-compose -f docker/%s config -q:%n%s", file, result.output())
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker-compose-unit-test.yaml", "docker-compose-local-image-stack.yaml"})
    void composeServicesArePinnedHealthCheckedAndOrdered(String file) {
        Map<String, Map<String, Object>> services = services(file);
        for (String backing : List.of("postgres", "rabbitmq", "redis")) {
            assertThat(services).as("%s: service %s", file, backing).containsKey(backing);
            assertThat(services.get(backing)).as("%s: %s healthcheck", file, backing).containsKey("healthcheck");
        }
        services.forEach((name, service) -> {
            String image = String.valueOf(service.get("image"));
            if (image.startsWith("stockpicker/")) {
                assertThat(image).as("%s: %s image tag", file, name).contains(":");
            } else {
                assertThat(pinned(image)).as("%s: %s image %s must be pinned", file, name, image).isTrue();
            }
            if (!name.equals("unit-test")) {
                assertThat(service).as("%s: %s keeps no data between runs", file, name).doesNotContainKey("volumes");
            }
            Object dependsOn = service.get("depends_on");
            if (dependsOn != null) {
                assertThat(dependsOn).as("%s: %s depends_on with conditions, not a list", file, name)
                        .isInstanceOf(Map.class);
                ((Map<?, ?>) dependsOn).forEach((dependency, condition) -> assertThat(condition)
                        .as("%s: %s waits for %s to be healthy", file, name, dependency)
                        .isEqualTo(Map.of("condition", "service_healthy")));
            }
            if (!name.equals("redis")) {
                assertThat(service.get("env_file")).as("%s: %s env_file", file, name)
                        .isEqualTo(List.of(TEST_STACK_ENV));
            }
        });
    }

    @Test
    void theLocalImageStackHasTheReferenceProcesses() {
        Map<String, Map<String, Object>> services = services("docker-compose-local-image-stack.yaml");
        assertThat(services).containsOnlyKeys("postgres", "rabbitmq", "redis", "webapp", "worker1", "worker2",
                "beat");
        assertThat(services.get("webapp").get("ports")).asList().singleElement().asString()
                .contains("8080").endsWith(":8001");
        assertThat(services.get("webapp").get("image")).asString().startsWith("stockpicker/webapp:");
        for (String worker : List.of("worker1", "worker2", "beat")) {
            assertThat(services.get(worker).get("image")).asString().startsWith("stockpicker/worker:");
            assertThat(services.get(worker).get("depends_on")).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsOnlyKeys("postgres", "rabbitmq", "redis");
        }
        assertThat(services.get("worker1").get("command")).isEqualTo(List.of("worker"));
        assertThat(services.get("worker2").get("command")).isEqualTo(List.of("worker"));
        assertThat(services.get("beat").get("command")).isEqualTo(List.of("beat"));
        services.forEach((name, service) -> assertThat(service.get("container_name")).as("%s container name", name)
                .isEqualTo("stockpicker_" + name));
    }

    @Test
    void theUnitTestsRunInTheUnitTestImage() {
        Map<String, Object> unitTest = services("docker-compose-unit-test.yaml").get("unit-test");
        assertThat(unitTest.get("image")).asString().startsWith("stockpicker/unit-test:");
        assertThat(unitTest.get("volumes")).as("only the host's Maven folder, read-only").asList().singleElement()
                .asString().endsWith(":/m2:ro");
        // The image's own command: the project's whole test suite.
        assertThat(unitTest).doesNotContainKey("command");
        assertThat(runtime("unit-test").last("CMD").arguments()).contains("\"./mvnw\"").contains("\"verify\"");
    }

    @Test
    void theTestStackEnvironmentUsesTheReferenceNamesAndTestValues() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : read(ROOT.resolve("container_environments/test-stack.env")).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] kv = line.split("=", 2);
                assertThat(kv).as("KEY=VALUE line: %s", line).hasSize(2);
                env.put(kv[0], kv[1]);
            }
        }
        assertThat(env).containsKeys("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD",
                "POSTGRES_DB", "RABBITMQ_HOST", "RABBITMQ_PORT", "RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_PASS",
                "RABBITMQ_DEFAULT_VHOST", "REDIS_HOST", "REDIS_PORT", "REDIS_NAMESPACE");
        assertThat(env).containsEntry("POSTGRES_HOST", "postgres").containsEntry("RABBITMQ_HOST", "rabbitmq")
                .containsEntry("REDIS_HOST", "redis").containsEntry("QUOTE_SOURCE", "sample");
        assertThat(env.get("POSTGRES_PASSWORD")).startsWith("test-");
        assertThat(env.get("RABBITMQ_DEFAULT_PASS")).startsWith("test-");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services(String file) {
        Map<String, Object> compose = new Yaml().load(read(DOCKER.resolve(file)));
        assertThat(compose).as("docker/%s", file).containsKey("services");
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    // ---------------------------------------------------------------- CI scripts

    static final List<String> SCRIPTS = List.of("ci/services.sh", "ci/stack.sh", "ci/integration-tests.sh",
            "ci/pipeline.sh", "ci/test-harness.sh", "ci/faults.sh", "docker/pipeline.sh", "docker/engine.sh",
            "docker/images.sh", "docker/base/debian/build.sh", "docker/base/postgres/docker-entrypoint.sh",
            "docker/base/rabbitmq/docker-entrypoint.sh", "docker/base/redis/docker-entrypoint.sh",
            "docker/runtime/http-check.sh");

    @Test
    void theScriptsAreStrictExecutableBash() {
        for (String script : SCRIPTS) {
            Path path = ROOT.resolve(script);
            String text = read(path);
            assertThat(text).as(script).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n");
            assertThat(Files.isExecutable(path)).as("%s is executable", script).isTrue();
        }
    }

    @Test
    void theScriptsPassShellcheck() {
        requireTool("shellcheck");
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        command.addAll(SCRIPTS);
        command.add("ci/lib.sh");
        Result result = run(command);
        assertThat(result.status()).as("shellcheck -x ...:%n%s", result.output()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    record Result(int status, String output) {
    }

    static void requireTool(String tool) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        if (!found && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(tool + " is not on PATH under CI (ci/pipeline.sh's tools step installs it with apt)");
        }
        assumeTrue(found, tool + " is not on PATH (apt-get install " + tool + ")");
    }

    static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
