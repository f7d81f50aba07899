# One image per Hookline service: SERVICE is the hookline subcommand (detector, monitor, trainer, gateway),
# PORT its HTTP port. Build the jar first (mvn -B -DskipTests package), then from this folder:
#   docker build --build-arg SERVICE=detector --build-arg PORT=9401 -t hookline-detector .
# docker-compose.yml builds the four.
FROM eclipse-temurin:17-jre
ARG SERVICE
ARG PORT
RUN test -n "$SERVICE" && test -n "$PORT" \
 && useradd --system --uid 10001 hookline \
 && mkdir -p /var/lib/hookline/models /var/lib/hookline/monitor-state && chown -R hookline /var/lib/hookline
# The volumes mounted there start as copies of these folders, owned by the service user.
COPY launcher/target/hookline.jar /opt/hookline/hookline.jar
USER hookline
WORKDIR /var/lib/hookline
ENV SERVICE=${SERVICE} PORT=${PORT} DJL_OFFLINE=true DJL_CACHE_DIR=/var/lib/hookline/djl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.hookline.avro"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/$PORT && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["bash", "-c", "exec java -jar /opt/hookline/hookline.jar \"$SERVICE\" \"$@\"", "hookline"]
