#!/bin/sh
# Reads etc/default/mesos-master with allexport on, then starts the master itself.
set -a
. /etc/default/mesos-master
set +a
export MESOS_WORK_DIR=/var/lib/mesos
exec /usr/sbin/mesos-master --ip=10.0.0.3 --zk=zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos "$@"
