# spine-hooks: the pre-commit decision that needs no node, sourced by the hook scripts.
#
# spine_hooks_gate_free succeeds (after printing what node would print) when the list node wrote
# under the git directory (spine-hooks/gated-paths: see src/hooks/gatedPaths.ts) is authentic (its
# MAC under the user's key, which lives outside every repository) and current - the
# same spine-hooks package and registry, the same configuration in the index - and no path of the
# commit being made matches it: neither a staged path, nor a path HEAD itself changed (an amend
# carries those, and git gives hooks no sign of an amend). Any doubt (no list, a stale list, a
# quoted path, an override or kill switch to report, a relative GIT_* path) makes it fail, and the
# caller runs node, which decides and writes a fresh list.
_spine_hooks_git() {
  if [ -n "$_sh_idx" ]; then GIT_INDEX_FILE=$_sh_idx git "$@"; else git "$@"; fi
}

# Paths and patterns split at newlines only, and never expanded as file names.
_spine_hooks_split_begin() {
  case $- in *f*) _sh_noglob=1 ;; *) _sh_noglob= ;; esac
  set -f
  _sh_ifs=$IFS
  IFS='
'
}

_spine_hooks_split_end() {
  IFS=$_sh_ifs
  [ -n "$_sh_noglob" ] || set +f
}

# Succeeds when $_sh_mac is the MAC node made of the list's other lines ($1) with the user's key:
# sha256 of key, lines, key (src/cache/cacheKey.ts, src/hooks/gatedPaths.ts writeGatedList), so a
# list anyone else wrote or edited is not taken, and when files $2 and $3 (spine-hooks' package.json
# and registry) still have the SHA-256 digests $_sh_pkg_sum and $_sh_reg_sum the list names. One hash
# process for all three (sha256sum: GNU, busybox; shasum: macOS), a digest a line in the order given;
# a name it has to escape shifts or marks the lines and fails the match. Without either program, or
# without a key, node decides.
_spine_hooks_authentic() {
  case ${XDG_CACHE_HOME:-} in /*) _sh_key=$XDG_CACHE_HOME/spine-hooks/key ;; *) _sh_key=${HOME:-}/.cache/spine-hooks/key ;; esac
  case $_sh_key in /*) ;; *) return 1 ;; esac
  [ -f "$_sh_key" ] && [ ! -h "$_sh_key" ] && [ -O "$_sh_key" ] || return 1
  IFS= read -r _sh_k < "$_sh_key" || return 1
  [ ${#_sh_k} = 64 ] || return 1
  # The text goes in as a here-document: no process to write it (its expansions are not expanded again).
  if command -v sha256sum >/dev/null 2>&1; then
    _sh_sums=$(sha256sum - "$2" "$3" <<_SH_EOF_
$_sh_k
$1$_sh_k
_SH_EOF_
) || return 1
  elif command -v shasum >/dev/null 2>&1; then
    _sh_sums=$(shasum -a 256 - "$2" "$3" <<_SH_EOF_
$_sh_k
$1$_sh_k
_SH_EOF_
) || return 1
  else return 1; fi
  _sh_want=${_sh_sums%%"$_sh_nl"*}
  _sh_sums=${_sh_sums#*"$_sh_nl"}
  _sh_got_pkg=${_sh_sums%%"$_sh_nl"*}
  _sh_got_reg=${_sh_sums#*"$_sh_nl"}
  _sh_want=${_sh_want%% *}
  [ ${#_sh_want} = 64 ] && [ "$_sh_mac" = "mac $_sh_want" ] &&
    [ "${_sh_got_pkg%% *}" = "$_sh_pkg_sum" ] && [ "${_sh_got_reg%% *}" = "$_sh_reg_sum" ] && [ ${#_sh_pkg_sum} = 64 ] && [ ${#_sh_reg_sum} = 64 ]
}

# "<word> <field> … <rest>": sets _sh_w to the first word and _sh_r to what follows its space.
_spine_hooks_next() {
  _sh_w=${1%% *}
  [ "$_sh_w" != "$1" ] || return 1
  _sh_r=${1#* }
}

# Succeeds when one of the newline-separated paths in $1 is quoted by git or matches a pattern.
_spine_hooks_hits() {
  _sh_hit=1
  _spine_hooks_split_begin
  for _sh_p in $1; do
    case $_sh_p in \"*) _sh_hit=0; break ;; esac
    for _sh_pat in $_sh_pats; do
      # shellcheck disable=SC2254 # the pattern is meant to be a pattern
      case $_sh_p in $_sh_pat) _sh_hit=0; break 2 ;; esac
    done
  done
  _spine_hooks_split_end
  return $_sh_hit
}

# $1: the folder of the spine-hooks package the caller belongs to (the list must be its own).
spine_hooks_gate_free() {
  # Commits as stored, not as refs/replace substitutes them (src/git/locateRepo.ts).
  GIT_NO_REPLACE_OBJECTS=1
  export GIT_NO_REPLACE_OBJECTS
  # The package folder with links resolved, by a cd and back (no subshell to start).
  _sh_here=$PWD
  CDPATH= cd -P -- "$1" 2>/dev/null || return 1
  _sh_self=$PWD
  cd -- "$_sh_here" || return 1
  # Anything node would act on or report: overrides, kill switch, debug, SKIP.
  [ -z "${SPINE_OVERRIDE:-}${SPINE_OVERRIDE_REASON:-}${SPINE_OVERRIDE_REF:-}${SPINE_OVERRIDE_EXPIRES:-}${SPINE_HOOKS:-}${SPINE_HOOKS_DEBUG:-}${SKIP:-}" ] || return 1
  # A relative GIT_DIR or GIT_WORK_TREE is relative to where git started the hook, which a hook line
  # may have left (cd infra): node resolves those (src/git/locateRepo.ts).
  for _sh_v in "${GIT_DIR:-/}" "${GIT_WORK_TREE:-/}"; do
    case $_sh_v in /*) ;; *) return 1 ;; esac
  done
  _sh_nl='
'
  # The top level of the work tree (the hook scripts start node there: _sh_top) and where the list
  # is, asked of one git process; a top level with a line break in its name is left to the caller.
  _sh_top=
  # git starts a hook at the top level of the work tree: with no GIT_* variable that moves the
  # repository and a .git folder (not a file, not a link) here, this folder is the top level and the
  # list is in that folder, without asking git. A linked worktree, a submodule or a hook line that
  # left the top level asks git.
  if [ -z "${GIT_DIR:-}${GIT_WORK_TREE:-}${GIT_COMMON_DIR:-}" ] && [ -d .git ] && [ ! -h .git ] && [ -n "${PWD:-}" ] &&
    case $PWD in /*"$_sh_nl"* | /*.git | /*.git/*) false ;; /*) true ;; *) false ;; esac; then
    _sh_top=$PWD
    _sh_list=$PWD/.git/spine-hooks/gated-paths
  else
    _sh_list=$(git rev-parse --show-toplevel --git-path spine-hooks/gated-paths 2>/dev/null) || return 1
    case $_sh_list in /*"$_sh_nl"*) ;; *) return 1 ;; esac
    case $_sh_list in *"$_sh_nl"*"$_sh_nl"*) return 1 ;; esac
    _sh_top=${_sh_list%%"$_sh_nl"*}
    _sh_list=${_sh_list#*"$_sh_nl"}
  fi
  # git runs hooks at the top level of the work tree and names the index relative to it
  # (GIT_INDEX_FILE=.git/index for a plain commit): anchor it there, or leave the decision to node.
  _sh_idx=
  case ${GIT_INDEX_FILE:-/} in
    /*) ;;
    *)
      _sh_idx=$_sh_top/$GIT_INDEX_FILE
      [ -f "$_sh_idx" ] || return 1
      ;;
  esac
  [ -f "$_sh_list" ] || return 1
  _sh_pats=
  # One read of the list: its lines as written (for the MAC), then their fields.
  {
    IFS= read -r _sh_magic && [ "$_sh_magic" = "spine-hooks gated paths v2" ] &&
      IFS= read -r _sh_mac &&
      IFS= read -r _sh_l_pkg && IFS= read -r _sh_l_reg && IFS= read -r _sh_l_cfg && IFS= read -r _sh_l_root &&
      while IFS= read -r _sh_pat; do _sh_pats=$_sh_pats$_sh_pat$_sh_nl; done
  } < "$_sh_list" || return 1
  [ -n "$_sh_pats" ] || return 1
  # A staged path the list matches sends the commit to node whoever wrote the list: asked before the
  # list is authenticated, so a gated change starts node after two git processes.
  _sh_staged=$(_spine_hooks_git -c core.quotePath=false diff --cached --name-only --no-renames --no-relative 2>/dev/null) || return 1
  _spine_hooks_hits "$_sh_staged" && return 1
  _spine_hooks_next "$_sh_l_pkg" && [ "$_sh_w" = package ] && _spine_hooks_next "$_sh_r" && _sh_pkg_sum=$_sh_w && _sh_pkg=$_sh_r || return 1
  _spine_hooks_next "$_sh_l_reg" && [ "$_sh_w" = registry ] && _spine_hooks_next "$_sh_r" && _sh_reg_sum=$_sh_w && _sh_reg=$_sh_r || return 1
  _spine_hooks_next "$_sh_l_cfg" && [ "$_sh_w" = config ] && _spine_hooks_next "$_sh_r" && _sh_cfg_blob=$_sh_w && _sh_cfg=$_sh_r || return 1
  case $_sh_l_root in 'root '*) _sh_root=${_sh_l_root#root } ;; *) return 1 ;; esac
  # Written by this very package (another install of spine-hooks may know other gates).
  [ "$_sh_pkg" = "$_sh_self/package.json" ] || return 1
  _spine_hooks_authentic "$_sh_magic$_sh_nl$_sh_l_pkg$_sh_nl$_sh_l_reg$_sh_nl$_sh_l_cfg$_sh_nl$_sh_l_root$_sh_nl$_sh_pats" "$_sh_pkg" "$_sh_reg" || return 1
  _sh_blob=$(_spine_hooks_git rev-parse -q --verify ":$_sh_cfg" 2>/dev/null) || _sh_blob=none
  [ "$_sh_blob" = "$_sh_cfg_blob" ] || return 1
  # HEAD's own change (an amend keeps it): asked only when the staged paths are all free. A diff
  # that fails (no first parent) falls back to every path of HEAD, which can only send more to node.
  if _sh_head=$(git -c core.quotePath=false diff --name-only --no-renames --no-relative 'HEAD^1' HEAD -- 2>/dev/null); then
    :
  elif git rev-parse -q --verify HEAD >/dev/null 2>&1; then
    _sh_head=$(git -c core.quotePath=false ls-tree -r --name-only HEAD 2>/dev/null) || return 1
  else
    _sh_head=
  fi
  _spine_hooks_hits "$_sh_head" && return 1
  # What node counts: the staged paths under the SSOT root.
  _sh_n=0
  _spine_hooks_split_begin
  for _sh_p in $_sh_staged; do
    case $_sh_p in "$_sh_root"*) _sh_n=$((_sh_n + 1)) ;; esac
  done
  _spine_hooks_split_end
  if [ "$_sh_n" = 1 ]; then echo "spine-hooks: 1 staged path, none read by a gate: nothing to check"
  else echo "spine-hooks: $_sh_n staged paths, none read by a gate: nothing to check"; fi
  return 0
}
