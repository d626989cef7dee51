# mysql:9.7-compatible image on a Debian sid tree (mysql-server); BASE is that tree, imported.
ARG BASE
FROM ${BASE}
COPY container.cnf /etc/mysql/container.cnf
COPY mysql-family-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV LANG=C.UTF-8
EXPOSE 3306
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["mysqld"]
