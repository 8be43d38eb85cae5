rtl/fx_cast.v
rtl/fx_pipe_ctrl.v
rtl/in0.v
rtl/fc1.v
rtl/relu1.v
rtl/fc2.v
rtl/sig.v
rtl/golden_small_top.v
