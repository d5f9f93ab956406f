# Drydock as a container: `docker build -t drydock . && docker run -p 2375:2375 drydock`,
# then `docker -H tcp://127.0.0.1:2375 version`.

# Build stage: the shaded, runnable jar (target/drydock.jar). Tests run in CI, not in the image build.
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so a source-only change reuses this layer.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY api-spec ./api-spec
COPY contract-tests ./contract-tests
RUN mvn -B -DskipTests package

# Runtime stage: a JRE only, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 drydock \
    && useradd --system --uid 10001 --gid drydock --home-dir /home/drydock --create-home drydock
COPY --from=build /src/target/drydock.jar /opt/drydock/drydock.jar
USER 10001:10001
WORKDIR /home/drydock
EXPOSE 2375
ENTRYPOINT ["java", "-jar", "/opt/drydock/drydock.jar"]
# Listen on every interface inside the container so a published port reaches it.
CMD ["-H", "tcp://0.0.0.0:2375"]
