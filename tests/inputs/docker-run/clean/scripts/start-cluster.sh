#!/bin/bash
# Three machines, each running ZooKeeper, a Mesos master and Marathon in containers.
set -euo pipefail
ZK="zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos"

docker run -d --name zk1 --hostname node1 --restart=always \
  -e ZOO_MY_ID=1 \
  -e "ZOO_SERVERS=server.1=10.0.0.1:2888:3888 server.2=10.0.0.2:2888:3888 server.3=10.0.0.3:2888:3888" \
  -p 2181:2181 -p 2888:2888 -p 3888:3888 \
  zookeeper:3.4.14
docker run -d --name master1 --hostname node1 --net=host \
  -e MESOS_QUORUM=2 -e MESOS_ZK="$ZK" \
  -v /var/lib/mesos:/var/lib/mesos \
  mesosphere/mesos-master:1.4.1 \
  --ip=10.0.0.1 --zk=zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos --work_dir=/var/lib/mesos

docker run -d --name zk2 --hostname node2 --restart=always \
  -e ZOO_MY_ID=2 \
  -e "ZOO_SERVERS=server.1=10.0.0.1:2888:3888 server.2=10.0.0.2:2888:3888 server.3=10.0.0.3:2888:3888" \
  zookeeper:3.4.14
docker run -d --name master2 --hostname node2 --net=host --env-file ./master.env \
  mesosphere/mesos-master:1.4.1 \
  --ip=10.0.0.2 --zk=zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos --work_dir=/var/lib/mesos

docker run -d --name zk3 --hostname node3 --restart=always \
  -e ZOO_MY_ID=3 \
  -e "ZOO_SERVERS=server.1=10.0.0.1:2888:3888 server.2=10.0.0.2:2888:3888 server.3=10.0.0.3:2888:3888" \
  zookeeper:3.4.14
docker run -d --name master3 --hostname node3 --net=host -it \
  --env=MESOS_QUORUM=2 \
  mesosphere/mesos-master:1.4.1 \
  --ip=10.0.0.3 "--zk=zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos" --work_dir=/var/lib/mesos
