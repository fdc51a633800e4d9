#!/bin/sh
# Three masters started with quorum 1: a split brain waiting to happen.
for n in 1 2 3; do echo "starting $n"; done
docker run -d --name m1 --hostname master1 \
  -e MESOS_QUORUM=1 \
  -e MESOS_ZK=zk://10.0.0.1:2181/mesos \
  mesosphere/mesos-master:1.4.1 --ip=10.0.0.1 --work_dir=/var/lib/mesos
docker run -d --name m2 --hostname master2 \
  -e MESOS_QUORUM=1 -e MESOS_ZK=zk://10.0.0.1:2181/mesos \
  mesosphere/mesos-master:1.4.1 --ip=10.0.0.2 --work_dir=/var/lib/mesos
docker run -d --name m3 --hostname master3 --env-file=master3.env \
  mesosphere/mesos-master:1.4.1 --ip=10.0.0.3 --work_dir=/srv/mesos
