/**
 * Rows transcribed from k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go
 * (customStrategicMergePatchTestCaseData, createStrategicMergePatchTestCaseData,
 * strategicMergePatchRawTestCases): each applies `patch` to `original` and expects `expected`
 * (upstream's twoWay→modified or threeWay-on-current→result), or an error containing `error`.
 * Written as YAML like upstream's, against the MergeItem schema in fixtures.ts.
 */
export const smpUpstreamCases = String.raw`
- description: unique scalars when merging lists
  original: {mergingIntList: [1, 2]}
  patch: {mergingIntList: [2, 3]}
  expected: {mergingIntList: [1, 2, 3]}
- description: delete map from nested map
  original: {simpleMap: {key1: "1", key2: "1"}}
  patch: {simpleMap: {$patch: delete}}
  expected: {simpleMap: {}}
- description: delete all items from merging list
  original: {mergingList: [{name: "1"}, {name: "2"}]}
  patch: {mergingList: [{$patch: replace}]}
  expected: {mergingList: []}
- description: merge empty merging lists
  original: {mergingList: []}
  patch: {mergingList: []}
  expected: {mergingList: []}
- description: delete all keys from map
  original: {name: "1", value: "1"}
  patch: {$patch: replace}
  expected: {}
- description: add key and delete all keys from map
  original: {name: "1", value: "1"}
  patch: {other: a, $patch: replace}
  expected: {other: a}
- description: delete all duplicate entries in a merging list (1.32 deletes every match)
  original:
    mergingList: [{name: "1"}, {name: "1"}, {name: "2", value: a}, {name: "3"}, {name: "3"}]
  patch:
    mergingList: [{name: "1", $patch: delete}, {name: "3", $patch: delete}]
  expected:
    mergingList: [{name: "2", value: a}]
- description: retainKeys map can add a field when no retainKeys directive present
  original: {retainKeysMap: {name: foo}}
  patch: {retainKeysMap: {value: bar}}
  expected: {retainKeysMap: {name: foo, value: bar}}
- description: retainKeys map can delete a field when no retainKeys directive present
  original: {retainKeysMap: {name: foo, value: a}}
  patch: {retainKeysMap: {value: null}}
  expected: {retainKeysMap: {name: foo}}
- description: retainKeys map merge an empty map
  original: {retainKeysMap: {name: foo, value: a}}
  patch: {retainKeysMap: {}}
  expected: {retainKeysMap: {name: foo, value: a}}
- description: retainKeys list can change a field when no retainKeys directive present
  original: {retainKeysMergingList: [{name: bar}, {name: foo, value: a}]}
  patch: {retainKeysMergingList: [{name: foo, value: b}]}
  expected: {retainKeysMergingList: [{name: bar}, {name: foo, value: b}]}
- description: preserve the order from the patch in a merging list
  original: {mergingList: [{name: "1"}, {name: "2", value: b}, {name: "3"}]}
  patch: {mergingList: [{name: "3", value: c}, {name: "1", value: a}, {name: "2", other: x}]}
  expected: {mergingList: [{name: "3", value: c}, {name: "1", value: a}, {name: "2", value: b, other: x}]}
- description: preserve the order from the patch in a merging list 2
  original: {mergingList: [{name: "1"}, {name: "2", value: b}, {name: "3"}]}
  patch: {mergingList: [{name: "3", value: c}, {name: "1", value: a}]}
  expected: {mergingList: [{name: "2", value: b}, {name: "3", value: c}, {name: "1", value: a}]}
- description: preserve the order from the patch in a merging int list
  original: {mergingIntList: [1, 2, 3]}
  patch: {mergingIntList: [3, 1, 2]}
  expected: {mergingIntList: [3, 1, 2]}
- description: preserve the order from the patch in a merging int list (partial)
  original: {mergingIntList: [1, 2, 3]}
  patch: {mergingIntList: [3, 1]}
  expected: {mergingIntList: [2, 3, 1]}
- description: $setElementOrder contains item that is not present in the list to be merged
  original: {mergingList: [{name: "1"}, {name: "3"}]}
  patch:
    $setElementOrder/mergingList: [{name: "3"}, {name: "2"}, {name: "1"}]
    mergingList: [{name: "3", value: "3"}, {name: "1", value: "1"}]
  expected: {mergingList: [{name: "3", value: "3"}, {name: "1", value: "1"}]}
- description: $setElementOrder contains item that is not present in the int list to be merged
  original: {mergingIntList: [1, 3]}
  patch: {$setElementOrder/mergingIntList: [3, 2, 1]}
  expected: {mergingIntList: [3, 1]}
- description: should check if order in $setElementOrder and patch list match
  original: {mergingList: [{name: "1"}, {name: "3"}, {name: "2"}]}
  patch:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}, {name: "3"}]
    mergingList: [{name: "3", value: "3"}, {name: "1", value: "1"}]
  error: doesn't match
- description: should check if order in $setElementOrder and patch int list match
  original: {mergingIntList: [1, 3, 2]}
  patch: {$setElementOrder/mergingIntList: [1, 2, 3], mergingIntList: [3, 1]}
  error: doesn't match
- description: missing merge key should error out
  original: {mergingList: [{name: "1", value: a}]}
  patch: {mergingList: [{value: b}]}
  error: does not contain declared merge key
- description: nil original
  original: {}
  patch: {name: "1", value: "1"}
  expected: {name: "1", value: "1"}
- description: add field to map (three-way)
  original: {name: "1", other: a}
  patch: {value: "1"}
  expected: {name: "1", value: "1", other: a}
- description: add field and delete field from map
  original: {name: "1", other: a}
  patch: {name: null, value: "1"}
  expected: {value: "1", other: a}
- description: delete field from nested map
  original: {simpleMap: {key1: "1", key2: "1", other: a}}
  patch: {simpleMap: {key2: null}}
  expected: {simpleMap: {key1: "1", other: a}}
- description: replace list of scalars
  original: {nonMergingIntList: [1, 4]}
  patch: {nonMergingIntList: [2, 3]}
  expected: {nonMergingIntList: [2, 3]}
- description: delete all maps from merging list
  original: {mergingList: [{name: "1", other: a}, {name: "2", other: b}]}
  patch: {mergingList: [{name: "1", $patch: delete}, {name: "2", $patch: delete}]}
  expected: {mergingList: []}
- description: delete all maps from empty merging list
  original: {mergingList: []}
  patch: {mergingList: [{name: "1", $patch: delete}, {name: "2", $patch: delete}]}
  expected: {mergingList: []}
- description: defined null values should propagate overwrite current fields
  original: {name: a, other: a}
  patch: {name: "1", value: "1", other: null}
  expected: {name: "1", value: "1"}
- description: retainKeys map with no change should not be present
  original: {name: a, other: c, retainKeysMap: {name: foo}}
  patch: {value: b}
  expected: {name: a, value: b, other: c, retainKeysMap: {name: foo}}
- description: delete items in lists of scalars
  original: {mergingIntList: [1, 2, 3, 4]}
  patch: {$setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3]}
  expected: {mergingIntList: [1, 2, 4]}
- description: delete all duplicate items in lists of scalars
  original: {mergingIntList: [1, 2, 3, 3, 4]}
  patch: {$setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3]}
  expected: {mergingIntList: [1, 2, 4]}
- description: add and delete items in lists of scalars
  original: {mergingIntList: [1, 2, 3]}
  patch:
    $setElementOrder/mergingIntList: [1, 2, 4]
    $deleteFromPrimitiveList/mergingIntList: [3]
    mergingIntList: [4]
  expected: {mergingIntList: [1, 2, 4]}
- description: merge lists of maps
  original: {mergingList: [{name: "1", other: a}, {name: "2", value: "2", other: b}]}
  patch:
    $setElementOrder/mergingList: [{name: "4"}, {name: "1"}, {name: "2"}, {name: "3"}]
    mergingList: [{name: "4", value: "4"}, {name: "3", value: "3"}]
  expected:
    mergingList:
      - {name: "4", value: "4"}
      - {name: "1", other: a}
      - {name: "2", value: "2", other: b}
      - {name: "3", value: "3"}
- description: merge lists of maps with conflict
  original: {mergingList: [{name: "1", other: a}, {name: "2", value: "3", other: b}]}
  patch:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}, {name: "3"}]
    mergingList: [{name: "2", value: "2"}, {name: "3", value: "3"}]
  expected:
    mergingList: [{name: "1", other: a}, {name: "2", value: "2", other: b}, {name: "3", value: "3"}]
- description: add field to map in merging list with conflict
  original: {mergingList: [{name: "1", other: a}, {name: "3", value: "2", other: b}]}
  patch:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList: [{name: "1", value: "1"}, {name: "2", value: "2"}]
  expected:
    mergingList: [{name: "1", value: "1", other: a}, {name: "2", value: "2"}, {name: "3", value: "2", other: b}]
- description: a delete directive removes every duplicate (1.32 behaviour)
  original: {mergingList: [{name: "1"}, {name: "1"}]}
  patch: {$setElementOrder/mergingList: [{name: "1"}], mergingList: [{$patch: delete, name: "1"}]}
  expected: {mergingList: []}
- description: delete duplicate field in merging list (shape change replaces)
  original: {mergingList: [{name: "1"}, {name: "1"}]}
  patch: {mergingList: {}}
  expected: {mergingList: {}}
- description: delete map from merging list
  original: {mergingList: [{name: "1"}, {name: "2", other: b}]}
  patch: {$setElementOrder/mergingList: [{name: "2"}], mergingList: [{name: "1", $patch: delete}]}
  expected: {mergingList: [{name: "2", other: b}]}
- description: delete missing map from merging list with conflict
  original: {mergingList: [{name: "3", other: a}]}
  patch:
    $setElementOrder/mergingList: [{name: "2"}]
    mergingList: [{name: "2"}, {name: "1", $patch: delete}]
  expected: {mergingList: [{name: "2"}, {name: "3", other: a}]}
- description: add map and delete map from merging list
  original: {mergingList: [{name: "1"}, {name: "2", other: b}, {name: "4", other: c}]}
  patch:
    $setElementOrder/mergingList: [{name: "2"}, {name: "3"}]
    mergingList: [{name: "3"}, {name: "1", $patch: delete}]
  expected: {mergingList: [{name: "2", other: b}, {name: "4", other: c}, {name: "3"}]}
- description: add map and delete map from merging list with conflict
  original: {mergingList: [{name: "1", other: a}, {name: "4", other: c}]}
  patch:
    $setElementOrder/mergingList: [{name: "2"}, {name: "3"}]
    mergingList: [{name: "2"}, {name: "3"}, {name: "1", $patch: delete}]
  expected: {mergingList: [{name: "4", other: c}, {name: "2"}, {name: "3"}]}
- description: delete field from map in merging list
  original: {mergingList: [{name: "1", value: "1", other: a}, {name: "2", value: "2", other: b}]}
  patch: {$setElementOrder/mergingList: [{name: "1"}, {name: "2"}], mergingList: [{name: "1", value: null}]}
  expected: {mergingList: [{name: "1", other: a}, {name: "2", value: "2", other: b}]}
- description: replace non merging list nested in merging list
  original:
    mergingList:
      - {name: "1", other: a, nonMergingList: [{name: "1"}, {name: "2", value: "2"}]}
      - {name: "2", other: b}
  patch:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList: [{name: "1", nonMergingList: [{name: "1", value: "1"}]}]
  expected:
    mergingList:
      - {name: "1", other: a, nonMergingList: [{name: "1", value: "1"}]}
      - {name: "2", other: b}
- description: add field to map in merging list nested in merging list
  original:
    mergingList:
      - {name: "1", other: a, mergingList: [{name: "1"}, {name: "2", value: "2"}]}
      - {name: "2", other: b}
  patch:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList:
      - $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
        name: "1"
        mergingList: [{name: "1", value: "1"}]
  expected:
    mergingList:
      - {name: "1", other: a, mergingList: [{name: "1", value: "1"}, {name: "2", value: "2"}]}
      - {name: "2", other: b}
- description: retainKeys map replaces non-merging list
  original: {retainKeysMap: {name: foo, value: bar, nonMergingList: [{name: a}, {name: b}]}}
  patch:
    retainKeysMap:
      $retainKeys: [name, nonMergingList, value]
      nonMergingList: [{name: a}, {name: c}, {name: b}]
  expected: {retainKeysMap: {name: foo, value: bar, nonMergingList: [{name: a}, {name: c}, {name: b}]}}
- description: retainKeys map deletes nested non-merging list
  original: {retainKeysMap: {name: foo, nonMergingList: [{name: a}, {name: b}]}}
  patch: {retainKeysMap: {$retainKeys: [name, value], value: bar, nonMergingList: null}}
  expected: {retainKeysMap: {name: foo, value: bar}}
- description: retainKeys map nested merging int list with no change
  original: {retainKeysMap: {name: foo, mergingIntList: [1, 2, 3]}}
  patch:
    retainKeysMap:
      $retainKeys: [mergingIntList, name, value]
      $setElementOrder/mergingIntList: [1, 2]
      value: bar
  expected: {retainKeysMap: {name: foo, value: bar, mergingIntList: [1, 2, 3]}}
- description: retainKeys map adds an item in nested merging int list
  original: {retainKeysMap: {name: foo, mergingIntList: [1, 2, 3]}}
  patch:
    retainKeysMap:
      $setElementOrder/mergingIntList: [1, 2, 4]
      $retainKeys: [mergingIntList, name]
      mergingIntList: [4]
  expected: {retainKeysMap: {name: foo, mergingIntList: [1, 2, 4, 3]}}
- description: retainKeys map adds an item and deletes an item in nested merging int list
  original: {retainKeysMap: {name: foo, mergingIntList: [1, 2, 3, 4]}}
  patch:
    retainKeysMap:
      $retainKeys: [mergingIntList, name]
      mergingIntList: [5]
      $deleteFromPrimitiveList/mergingIntList: [2]
      $setElementOrder/mergingIntList: [1, 3, 5]
  expected: {retainKeysMap: {name: foo, mergingIntList: [1, 3, 5, 4]}}
- description: retainKeys map adds an item in nested merging list
  original: {retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: x}]}}
  patch:
    retainKeysMap:
      $retainKeys: [mergingList, name]
      $setElementOrder/mergingList: [{name: a}, {name: b}, {name: c}]
      mergingList: [{name: c}]
  expected: {retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: c}, {name: x}]}}
- description: retainKeys map deletes an item in nested merging list
  original: {retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: x}]}}
  patch:
    retainKeysMap:
      $retainKeys: [mergingList, name]
      $setElementOrder/mergingList: [{name: a}]
      mergingList: [{name: b, $patch: delete}]
  expected: {retainKeysMap: {name: foo, mergingList: [{name: a}, {name: x}]}}
- description: retainKeys map with a key outside the list is rejected
  original: {retainKeysMap: {name: foo}}
  patch: {retainKeysMap: {$retainKeys: [name], value: bar}}
  error: invalid patch format of retainKeys
- description: retainKeys list of maps clears a field
  original: {retainKeysMergingList: [{name: bar}, {name: foo, value: a, other: x}]}
  patch:
    $setElementOrder/retainKeysMergingList: [{name: bar}, {name: foo}]
    retainKeysMergingList: [{$retainKeys: [name, value], name: foo}]
  expected: {retainKeysMergingList: [{name: bar}, {name: foo, value: a}]}
- description: retainKeys list of maps deletes a field and clear a field
  original: {retainKeysMergingList: [{name: bar}, {name: foo, value: a, other: x}]}
  patch:
    $setElementOrder/retainKeysMergingList: [{name: bar}, {name: foo}]
    retainKeysMergingList: [{$retainKeys: [name], name: foo, value: null}]
  expected: {retainKeysMergingList: [{name: bar}, {name: foo}]}
- description: delete and reorder in one list, reorder in another
  original:
    mergingList: [{name: a, value: a}, {name: b, value: b}]
    mergeItemPtr: [{name: c, value: c}, {name: d, value: d}]
  patch:
    $setElementOrder/mergingList: [{name: b}]
    $setElementOrder/mergeItemPtr: [{name: d}, {name: c}]
    mergingList: [{$patch: delete, name: a}]
  expected:
    mergingList: [{name: b, value: b}]
    mergeItemPtr: [{name: d, value: d}, {name: c, value: c}]
- description: replace strategy replaces a map whole
  original: {replacingItem: {a: 1, b: 2}}
  patch: {replacingItem: {c: 3}}
  expected: {replacingItem: {c: 3}}
- description: $patch merge in a map is an unknown patch type
  original: {simpleMap: {a: b}}
  patch: {simpleMap: {$patch: merge, c: d}}
  error: "unknown patch type: merge in map: map[$patch:merge c:d]"
- description: $patch merge in a list is not supported
  original: {mergingList: [{name: a}]}
  patch: {mergingList: [{$patch: merge}]}
  error: merging lists cannot yet be specified in the patch
- description: lists of lists are not supported
  original: {mergingIntList: [[1]]}
  patch: {mergingIntList: [[2]]}
  error: the server rejected our request due to an error in our request
- description: malformed $deleteFromPrimitiveList directive
  original: {mergingIntList: [1]}
  patch: {$deleteFromPrimitiveList: [1]}
  error: invalid patch format of primitive list
`;
