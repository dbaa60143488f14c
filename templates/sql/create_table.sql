CREATE TABLE {{ if_not_exists }}{{ table }} (
{%- for line in lines %}
  {{ line }}{% if !loop.last %},{% endif %}
{%- endfor %}
){{ suffix }};
