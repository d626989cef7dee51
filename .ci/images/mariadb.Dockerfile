# mariadb:10.11-compatible image on a Debian bookworm tree (mariadb-server); BASE is that tree, imported.
ARG BASE
FROM ${BASE}
COPY container.cnf /etc/mysql/container.cnf
COPY mysql-family-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV LANG=C.UTF-8
EXPOSE 3306
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["mariadbd"]
