{{header}}
module {{module}} (
{{ports}}
);
{{body}}
endmodule
