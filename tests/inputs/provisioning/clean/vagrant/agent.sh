#!/bin/sh
# provisioner of the agents
apt-get install -y mesos
echo manual | sudo tee /etc/init/mesos-master.override
echo "zk://10.0.0.11:2181,10.0.0.12:2181,10.0.0.13:2181/mesos" > /etc/mesos/zk
echo docker,mesos > /etc/mesos-slave/containerizers
cat > /etc/mesos-slave/executor_registration_timeout <<'EOF2'
5mins
EOF2
service mesos-slave restart
