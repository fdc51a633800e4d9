#!/bin/sh
# a master in a container, its command a shell script
docker run -d --net=host --name master2 --hostname m2 \
  mesosphere/mesos-master:1.4.1 \
  sh -c "exec mesos-master --zk=zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos --quorum=2 --work_dir=/var/lib/mesos --hostname=m2"
