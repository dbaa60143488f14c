CREATE TABLE {{ table }} (
{%- for line in lines %}
  {{ line }}{% if !loop.last %},{% endif %}
{%- endfor %}
){{ suffix }};
