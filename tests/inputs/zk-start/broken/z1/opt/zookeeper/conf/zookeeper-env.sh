ZOO_LOG_DIR=/var/log/zookeeper
ZOOCFG=zoo-ensemble.cfg
