//! Rules of the `MR` family: Marathon (`etc/marathon/conf`, `MARATHON_*`).

use crate::rule::Rule;

mod conf_dir_ignored;
mod hostname_missing;
mod master_missing;
mod option_combination;
mod option_refused;
mod option_repeated;
mod option_value;
mod task_launch_timeout;
mod toggle_with_value;
mod unknown_flag;
mod util;
mod zk_missing_ha;

pub use conf_dir_ignored::ConfDirIgnored;
pub use hostname_missing::HostnameMissing;
pub use master_missing::MasterMissing;
pub use option_combination::OptionCombination;
pub use option_refused::OptionRefused;
pub use option_repeated::OptionRepeated;
pub use option_value::OptionValue;
pub use task_launch_timeout::TaskLaunchTimeout;
pub use toggle_with_value::ToggleWithValue;
pub use unknown_flag::UnknownFlag;
pub use zk_missing_ha::ZkMissingHa;

pub(crate) static RULES: &[&dyn Rule] = &[
    &MasterMissing,
    &ZkMissingHa,
    &UnknownFlag,
    &HostnameMissing,
    &ConfDirIgnored,
    &TaskLaunchTimeout,
    &ToggleWithValue,
    &OptionValue,
    &OptionCombination,
    &OptionRepeated,
    &OptionRefused,
];
