#!/bin/bash
# provisioner of master1..master3 (Vagrantfile: config.vm.provision "shell", path: "master.sh")
set -e
apt-get install -y mesos marathon zookeeperd
echo "zk://10.0.0.11:2181,10.0.0.12:2181,10.0.0.13:2181/mesos" | sudo tee /etc/mesos/zk
echo 2 | sudo tee /etc/mesos-master/quorum
sudo sh -c 'echo /var/lib/mesos > /etc/mesos-master/work_dir'
service mesos-master restart
