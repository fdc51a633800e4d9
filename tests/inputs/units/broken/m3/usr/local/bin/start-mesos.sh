#!/bin/sh
# Sources etc/default/mesos-master without exporting: the daemon never sees MESOS_QUORUM.
. /etc/default/mesos-master
export MESOS_WORK_DIR=/var/lib/mesos
exec /usr/sbin/mesos-master --ip=10.0.0.3 --zk=zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos "$@"
